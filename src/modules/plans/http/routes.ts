import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { currencyCode, idParams, positiveMinorAmount } from '../../../platform/http/schemas.ts';
import { getCustomer, listCreditWarnings } from '../../customers/index.ts';
import { invoiceDto } from '../../invoicing/http/dto.ts';
import { getInvoice } from '../../invoicing/index.ts';
import { MAX_INSTALMENTS } from '../domain/schedule.ts';
import { cancelPaymentPlan, createDeposit, createPaymentPlan, getPaymentPlan, listPaymentPlans } from '../index.ts';
import { paymentPlanDto } from './dto.ts';

/** A calendar date in the business's time zone, e.g. 2026-03-31. */
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date such as 2026-03-31' })
  .refine(
    (s) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    },
    { error: 'is not a calendar date' },
  );

const planBody = z
  .strictObject({
    customer: z.string().min(1).max(64),
    invoices: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
    balance: z.literal(true).optional(),
    collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
    instalments: z
      .array(z.strictObject({ amount: positiveMinorAmount, due_date: localDate }))
      .min(1)
      .max(MAX_INSTALMENTS)
      .optional(),
    count: z.number().int().min(1).max(MAX_INSTALMENTS).optional(),
    interval: z.enum(['week', 'month']).optional(),
    first_due_date: localDate.optional(),
  })
  .refine((b) => (b.invoices === undefined) !== (b.balance === undefined), { error: 'give either invoices or balance: true', path: ['invoices'] })
  .refine((b) => (b.instalments === undefined) !== (b.count === undefined), {
    error: 'give either instalments or count, interval and first_due_date',
    path: ['instalments'],
  })
  .refine((b) => b.count === undefined || (b.interval !== undefined && b.first_due_date !== undefined), {
    error: 'count needs interval and first_due_date',
    path: ['count'],
  });

const depositBody = z.strictObject({
  customer: z.string().min(1).max(64),
  amount: positiveMinorAmount,
  currency: currencyCode.optional(),
  description: z.string().max(500).nullish(),
  due_date: localDate.nullish(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
});

export function planRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['payment plans'];
    app.post('/v1/payment_plans', { schema: { body: planBody, tags } }, async (req) => {
      const b = req.body;
      const tenant = tenantOf(req);
      const id = await createPaymentPlan(ctx, tenant, {
        customer: b.customer,
        invoices: b.invoices,
        balance: b.balance,
        collectionMethod: b.collection_method,
        schedule: b.instalments
          ? { instalments: b.instalments.map((i) => ({ amount: i.amount, dueDate: i.due_date })) }
          : { count: b.count!, interval: b.interval!, firstDueDate: b.first_due_date! },
      });
      return paymentPlanDto(await getPaymentPlan(ctx, tenant, id), tenant);
    });
    app.get('/v1/payment_plans', { schema: { querystring: listQuery.extend({ customer: z.string().max(64).optional() }), tags } }, async (req) => {
      const q = req.query;
      const tenant = tenantOf(req);
      const views = await listPaymentPlans(ctx, tenant, { limit: q.limit, startingAfter: q.starting_after, customer: q.customer });
      return toList(
        views.map((v) => paymentPlanDto(v, tenant)),
        q.limit,
        '/v1/payment_plans',
      );
    });
    app.get('/v1/payment_plans/:id', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      return paymentPlanDto(await getPaymentPlan(ctx, tenant, req.params.id), tenant);
    });
    app.post('/v1/payment_plans/:id/cancel', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      await cancelPaymentPlan(ctx, tenant, req.params.id);
      return paymentPlanDto(await getPaymentPlan(ctx, tenant, req.params.id), tenant);
    });

    app.post('/v1/deposits', { schema: { body: depositBody, tags: ['deposits'] } }, async (req) => {
      const b = req.body;
      const id = await createDeposit(ctx, tenantOf(req), {
        customer: b.customer,
        amount: b.amount,
        currency: b.currency,
        description: b.description,
        dueDate: b.due_date,
        collectionMethod: b.collection_method,
      });
      // The deposit is an ordinary invoice, shown as the invoice API shows it (not charged yet).
      const { invoice, lines } = await getInvoice(ctx, tenantOf(req), id);
      return invoiceDto(invoice, lines, { count: 0, next: invoice.nextPaymentAttempt });
    });

    app.get('/v1/customers/:id/credit_warnings', { schema: { params: idParams, querystring: listQuery, tags: ['customers'] } }, async (req) => {
      const tenant = tenantOf(req);
      await getCustomer(ctx, tenant, req.params.id);
      const rows = await listCreditWarnings(ctx, tenant, req.params.id, { limit: req.query.limit, startingAfter: req.query.starting_after });
      return toList(
        rows.map((w) => ({
          id: w.id,
          object: 'credit_warning' as const,
          customer: w.customerId,
          invoice: w.invoiceId,
          code: w.code,
          message: w.message,
          created: unix(w.createdAt),
        })),
        req.query.limit,
        `/v1/customers/${req.params.id}/credit_warnings`,
      );
    });
  };
}
