import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { currencyCode, idParams, positiveMinorAmount } from '../../../platform/http/schemas.ts';
import { getCustomer } from '../../customers/index.ts';
import { listLedgerEntries } from '../../ledger/index.ts';
import { attachPaymentMethod, createRefund, getPayment, listPaymentMethods, listPayments, recordManualPayment } from '../index.ts';
import { paymentDto, paymentMethodDto, refundDto } from './dto.ts';

const paymentBody = z.strictObject({
  customer: z.string().min(1).max(64),
  invoice: z.string().max(64).nullish(),
  amount: positiveMinorAmount,
  currency: currencyCode.optional(),
  method: z.enum(['cash', 'bank_transfer', 'other']),
  reference: z.string().max(200).nullish(),
  /** When the money arrived (unix seconds), for cash or a transfer recorded after the day; default now. */
  received_at: z.number().int().positive().optional(),
});

const refundBody = z.strictObject({
  payment: z.string().min(1).max(64),
  amount: positiveMinorAmount.optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).nullish(),
});

export function paymentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['payments'];
    app.post(
      '/v1/customers/:id/payment_methods',
      { schema: { params: idParams, body: z.strictObject({ token: z.string().min(1).max(200) }), tags } },
      async (req) => paymentMethodDto(await attachPaymentMethod(ctx, tenantOf(req), req.params.id, req.body.token)),
    );
    app.get('/v1/customers/:id/payment_methods', { schema: { params: idParams, tags } }, async (req) => {
      const rows = await listPaymentMethods(ctx, tenantOf(req), req.params.id);
      return { object: 'list', has_more: false, url: `/v1/customers/${req.params.id}/payment_methods`, data: rows.map(paymentMethodDto) };
    });
    app.get('/v1/customers/:id/ledger', { schema: { params: idParams, querystring: listQuery, tags: ['ledger'] } }, async (req) => {
      // An unknown (or another business's) customer is a 404, not an empty ledger.
      await getCustomer(ctx, tenantOf(req), req.params.id);
      const rows = await listLedgerEntries(ctx, tenantOf(req), req.params.id, { limit: req.query.limit, startingAfter: req.query.starting_after });
      const data = rows.map((e) => ({
        id: e.id,
        object: 'ledger_entry' as const,
        journal: e.journalId,
        account: e.account,
        debit: e.debit,
        credit: e.credit,
        currency: e.currency,
        source_type: e.sourceType,
        source: e.sourceId,
        memo: e.memo,
        created: unix(e.createdAt),
      }));
      return toList(data, req.query.limit, `/v1/customers/${req.params.id}/ledger`);
    });

    app.post('/v1/payments', { config: { minRole: 'staff' }, schema: { body: paymentBody, tags } }, async (req) =>
      paymentDto(
        await recordManualPayment(ctx, tenantOf(req), {
          ...req.body,
          receivedAt: req.body.received_at === undefined ? undefined : new Date(req.body.received_at * 1000),
        }),
      ),
    );
    app.get(
      '/v1/payments',
      { schema: { querystring: listQuery.extend({ customer: z.string().max(64).optional(), invoice: z.string().max(64).optional() }), tags } },
      async (req) => {
        const q = req.query;
        const rows = await listPayments(ctx, tenantOf(req), { limit: q.limit, startingAfter: q.starting_after, customer: q.customer, invoice: q.invoice });
        return toList(rows.map(paymentDto), q.limit, '/v1/payments');
      },
    );
    app.get('/v1/payments/:id', { schema: { params: idParams, tags } }, async (req) => paymentDto(await getPayment(ctx, tenantOf(req), req.params.id)));
    app.post('/v1/refunds', { schema: { body: refundBody, tags } }, async (req) => refundDto(await createRefund(ctx, tenantOf(req), req.body)));
  };
}
