import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { currencyCode, idParams, minorAmount, positiveMinorAmount } from '../../../platform/http/schemas.ts';
import { MAX_AMOUNT } from '../../../platform/money.ts';
import { attemptDto } from '../../payments/http/dto.ts';
import { finalizeInvoice, listInvoiceAttempts, payInvoice, recordManualPayment } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import {
  amountToSettle,
  assessLateFeeByHand,
  createCreditNote,
  createInvoice,
  deleteDraftInvoice,
  getInvoice,
  listCreditNotes,
  listInvoiceLateFees,
  listInvoices,
  markInvoiceUncollectible,
  percentToBp,
  voidInvoice,
} from '../index.ts';
import { creditNoteDto, invoiceDto } from './dto.ts';
import { earlyDiscountBody } from './terms-schemas.ts';

const line = z.union([
  z.strictObject({ price: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000).default(1), discount_amount: minorAmount.optional() }),
  z.strictObject({
    description: z.string().trim().min(1).max(500),
    unit_amount: minorAmount,
    quantity: z.number().int().min(1).max(100_000).default(1),
    tax_rate: z.string().max(64).nullish(),
    discount_amount: minorAmount.optional(),
  }),
]);

const invoiceTermsBody = z
  .strictObject({ net_days: z.number().int().min(0).max(365).optional(), early_payment_discount: earlyDiscountBody.nullish() })
  .refine((t) => !t.early_payment_discount || t.net_days === undefined || t.early_payment_discount.days <= t.net_days, {
    error: 'the discount days must not be more than the net days',
    path: ['early_payment_discount', 'days'],
  });

const createBody = z.strictObject({
  customer: z.string().min(1).max(64),
  payment_terms: invoiceTermsBody.optional(),
  currency: currencyCode.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).default('send_invoice'),
  days_until_due: z.number().int().min(0).max(365).nullish(),
  description: z.string().max(2000).nullish(),
  lines: z
    .array(line)
    .min(1, { error: 'needs at least one line' })
    .max(200)
    // Amounts are exact integers: refuse a total past what one amount may be before any arithmetic.
    .refine((lines) => lines.reduce((sum, l) => sum + ('unit_amount' in l ? l.unit_amount * l.quantity : 0), 0) <= MAX_AMOUNT, {
      error: `add up to more than ${MAX_AMOUNT} minor units`,
    }),
});

// Fastify hands a POST without a body to the schema as null: that means "no parameters".
const payBody = z
  .strictObject({ payment_method: z.string().max(64).optional(), paid_out_of_band: z.boolean().default(false) })
  .nullish()
  .transform((b) => b ?? { paid_out_of_band: false });

const creditNoteBody = z.strictObject({
  invoice: z.string().min(1).max(64),
  amount: positiveMinorAmount,
  reason: z.enum(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory', 'goodwill']).nullish(),
  memo: z.string().max(2000).nullish(),
});

async function fullInvoice(ctx: AppContext, tenant: TenantContext, id: string) {
  const { invoice, lines } = await getInvoice(ctx, tenant, id);
  const attempts = await listInvoiceAttempts(ctx, tenant, id);
  const pending = attempts.find((a) => a.status === 'pending');
  const lateFees = await listInvoiceLateFees(ctx, tenant, id);
  return invoiceDto(invoice, lines, { count: attempts.length, next: invoice.nextPaymentAttempt ?? pending?.nextCheckAt ?? null }, lateFees);
}

const lateFeeBody = z
  .strictObject({ step: z.string().trim().min(1).max(64).optional() })
  .nullish()
  .transform((b) => b ?? {});

export function invoiceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['invoices'];
    app.post('/v1/invoices', { config: { minRole: 'staff' }, schema: { body: createBody, tags } }, async (req) => {
      const b = req.body;
      const tenant = tenantOf(req);
      const netDays = b.payment_terms?.net_days;
      if (netDays !== undefined && b.days_until_due != null && netDays !== b.days_until_due) {
        fail('parameter_invalid', 'days_until_due and payment_terms[net_days] disagree; give one.', 'payment_terms[net_days]');
      }
      const draft = await createInvoice(ctx, tenant, {
        customer: b.customer,
        currency: b.currency,
        collectionMethod: b.collection_method,
        daysUntilDue: b.payment_terms?.net_days ?? b.days_until_due,
        description: b.description,
        earlyDiscount:
          b.payment_terms?.early_payment_discount === undefined
            ? undefined
            : b.payment_terms.early_payment_discount && {
                bp: percentToBp(b.payment_terms.early_payment_discount.percent)!,
                days: b.payment_terms.early_payment_discount.days,
              },
        lines: b.lines.map((l) =>
          'price' in l
            ? { price: l.price, quantity: l.quantity, discountAmount: l.discount_amount }
            : { description: l.description, unitAmount: l.unit_amount, quantity: l.quantity, taxRate: l.tax_rate, discountAmount: l.discount_amount },
        ),
      });
      return { ...(await fullInvoice(ctx, tenant, draft.id)), ...(draft.warnings.length > 0 ? { warnings: draft.warnings } : {}) };
    });
    app.get(
      '/v1/invoices',
      {
        schema: {
          querystring: listQuery.extend({
            customer: z.string().max(64).optional(),
            subscription: z.string().max(64).optional(),
            status: z.enum(['draft', 'open', 'paid', 'void', 'uncollectible']).optional(),
          }),
          tags,
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await listInvoices(ctx, tenantOf(req), {
          limit: q.limit,
          startingAfter: q.starting_after,
          customer: q.customer,
          subscription: q.subscription,
          status: q.status,
        });
        return toList(
          rows.map((r) => invoiceDto(r)),
          q.limit,
          '/v1/invoices',
        );
      },
    );
    app.get('/v1/invoices/:id', { schema: { params: idParams, tags } }, async (req) => fullInvoice(ctx, tenantOf(req), req.params.id));
    app.delete('/v1/invoices/:id', { schema: { params: idParams, tags } }, async (req) => deleteDraftInvoice(ctx, tenantOf(req), req.params.id));
    app.get('/v1/invoices/:id/payment_attempts', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      await getInvoice(ctx, tenant, req.params.id);
      const attempts = await listInvoiceAttempts(ctx, tenant, req.params.id);
      return { object: 'list', has_more: false, url: `/v1/invoices/${req.params.id}/payment_attempts`, data: attempts.map(attemptDto) };
    });
    app.post('/v1/invoices/:id/finalize', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const { warnings } = await finalizeInvoice(ctx, tenant, req.params.id);
      return { ...(await fullInvoice(ctx, tenant, req.params.id)), ...(warnings.length > 0 ? { warnings } : {}) };
    });
    app.post('/v1/invoices/:id/pay', { config: { minRole: 'staff' }, schema: { params: idParams, body: payBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      if (req.body.paid_out_of_band) {
        const { invoice } = await getInvoice(ctx, tenant, req.params.id);
        // Inside the early-payment window "paid" means the discounted amount.
        const amount = amountToSettle(invoice, tenant.now);
        await recordManualPayment(ctx, tenant, { customer: invoice.customerId, invoice: invoice.id, amount, method: 'other' });
      } else {
        await payInvoice(ctx, tenant, req.params.id, req.body.payment_method);
      }
      return fullInvoice(ctx, tenant, req.params.id);
    });
    app.post('/v1/invoices/:id/late_fees', { schema: { params: idParams, body: lateFeeBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const feeId = await assessLateFeeByHand(ctx, tenant, req.params.id, req.body.step ?? 'manual');
      return fullInvoice(ctx, tenant, feeId);
    });
    app.post('/v1/invoices/:id/void', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      await voidInvoice(ctx, tenant, req.params.id);
      return fullInvoice(ctx, tenant, req.params.id);
    });
    app.post('/v1/invoices/:id/mark_uncollectible', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      await markInvoiceUncollectible(ctx, tenant, req.params.id);
      return fullInvoice(ctx, tenant, req.params.id);
    });

    app.post('/v1/credit_notes', { schema: { body: creditNoteBody, tags: ['credit notes'] } }, async (req) =>
      creditNoteDto(await createCreditNote(ctx, tenantOf(req), req.body)),
    );
    app.get(
      '/v1/credit_notes',
      { schema: { querystring: listQuery.extend({ invoice: z.string().max(64).optional() }), tags: ['credit notes'] } },
      async (req) => {
        const q = req.query;
        const rows = await listCreditNotes(ctx, tenantOf(req), { limit: q.limit, startingAfter: q.starting_after, invoice: q.invoice });
        return toList(rows.map(creditNoteDto), q.limit, '/v1/credit_notes');
      },
    );
  };
}
