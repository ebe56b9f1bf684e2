import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import type { subscriptionItems } from '../db/schema.ts';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  getSubscription,
  listSubscriptions,
  type PlanChangePreview,
  pauseSubscription,
  previewPlanChange,
  resumeSubscription,
  type SubscriptionRow,
} from '../index.ts';

const items = z
  .array(z.strictObject({ price: z.string().min(1).max(64), quantity: z.number().int().min(1).max(10_000).default(1) }))
  .min(1, { error: 'needs at least one item' })
  .max(20);

const createBody = z.strictObject({
  customer: z.string().min(1).max(64),
  items,
  collection_method: z.enum(['charge_automatically', 'send_invoice']).default('charge_automatically'),
  days_until_due: z.number().int().min(0).max(365).nullish(),
  trial_period_days: z.number().int().min(0).max(730).nullish(),
  billing_cycle_anchor_day: z.number().int().min(1).max(31).nullish(),
});

const updateBody = z.strictObject({ items, proration_behavior: z.enum(['always_invoice', 'none']).default('always_invoice') });
// Fastify hands a POST without a body to the schema as null: that means "no parameters".
const cancelBody = z
  .strictObject({ at_period_end: z.boolean().default(false) })
  .nullish()
  .transform((b) => b ?? { at_period_end: false });

export function subscriptionDto(row: SubscriptionRow & { items: (typeof subscriptionItems.$inferSelect)[] }) {
  return {
    id: row.id,
    object: 'subscription' as const,
    customer: row.customerId,
    status: row.status,
    collection_method: row.collectionMethod,
    currency: row.currency,
    items: {
      object: 'list' as const,
      has_more: false,
      data: row.items.map((i) => ({ id: i.id, object: 'subscription_item' as const, price: i.priceId, quantity: i.quantity })),
    },
    billing_cycle_anchor_date: row.anchorDate,
    current_period_start: unix(row.currentPeriodStart),
    current_period_end: unix(row.currentPeriodEnd),
    trial_end: unix(row.trialEnd),
    cancel_at_period_end: row.cancelAtPeriodEnd,
    canceled_at: unix(row.canceledAt),
    paused_at: unix(row.pausedAt),
    days_until_due: row.daysUntilDue,
    next_billing_at: unix(row.nextBillingAt),
    created: unix(row.createdAt),
  };
}

/** What a plan change would invoice now: the proration lines and the amount charged or owed. */
export function planChangePreviewDto(p: PlanChangePreview) {
  return {
    object: 'subscription_change_preview' as const,
    subscription: p.subscriptionId,
    currency: p.currency,
    proration_date: unix(p.prorationDate),
    period_end: unix(p.periodEnd),
    lines: p.lines.map((l) => ({
      description: l.description,
      price: l.priceId ?? null,
      quantity: l.quantity,
      unit_amount: l.unitAmount,
      amount: l.amount,
      tax_amount: l.tax,
      total: l.total,
      proration: l.proration ?? false,
      period: { start: unix(l.periodStart ?? null), end: unix(l.periodEnd ?? null) },
    })),
    subtotal: p.subtotal,
    tax: p.tax,
    total: p.total,
    credit_applied: p.creditApplied,
    amount_due: p.amountDue,
  };
}

export function subscriptionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['subscriptions'];
    app.post('/v1/subscriptions', { schema: { body: createBody, tags } }, async (req) => {
      const b = req.body;
      const row = await createSubscription(ctx, tenantOf(req), {
        customer: b.customer,
        items: b.items,
        collectionMethod: b.collection_method,
        daysUntilDue: b.days_until_due,
        trialPeriodDays: b.trial_period_days,
        billingCycleAnchorDay: b.billing_cycle_anchor_day,
      });
      return subscriptionDto(row);
    });
    app.get(
      '/v1/subscriptions',
      { schema: { querystring: listQuery.extend({ customer: z.string().max(64).optional(), status: z.string().max(20).optional() }), tags } },
      async (req) => {
        const q = req.query;
        const rows = await listSubscriptions(ctx, tenantOf(req), { limit: q.limit, startingAfter: q.starting_after, customer: q.customer, status: q.status });
        return toList(rows.map(subscriptionDto), q.limit, '/v1/subscriptions');
      },
    );
    app.get('/v1/subscriptions/:id', { schema: { params: idParams, tags } }, async (req) =>
      subscriptionDto(await getSubscription(ctx, tenantOf(req), req.params.id)),
    );
    app.post('/v1/subscriptions/:id', { schema: { params: idParams, body: updateBody, tags } }, async (req) =>
      subscriptionDto(await changePlan(ctx, tenantOf(req), req.params.id, { items: req.body.items, prorationBehavior: req.body.proration_behavior })),
    );
    app.post('/v1/subscriptions/:id/preview_change', { schema: { params: idParams, body: updateBody, tags } }, async (req) =>
      planChangePreviewDto(
        await previewPlanChange(ctx, tenantOf(req), req.params.id, { items: req.body.items, prorationBehavior: req.body.proration_behavior }),
      ),
    );
    app.post('/v1/subscriptions/:id/cancel', { schema: { params: idParams, body: cancelBody, tags } }, async (req) =>
      subscriptionDto(await cancelSubscription(ctx, tenantOf(req), req.params.id, req.body.at_period_end)),
    );
    app.post('/v1/subscriptions/:id/pause', { schema: { params: idParams, tags } }, async (req) =>
      subscriptionDto(await pauseSubscription(ctx, tenantOf(req), req.params.id)),
    );
    app.post('/v1/subscriptions/:id/resume', { schema: { params: idParams, tags } }, async (req) =>
      subscriptionDto(await resumeSubscription(ctx, tenantOf(req), req.params.id)),
    );
  };
}
