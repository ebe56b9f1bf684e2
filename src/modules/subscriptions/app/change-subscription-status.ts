import { and, eq } from 'drizzle-orm';
import type { AppContext, PaymentOutcomeListener } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { invoices } from '../../invoicing/index.ts';
import { loadRetryPolicy } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptions } from '../db/schema.ts';
import { type SubscriptionState, transitionSubscription } from '../domain/subscription.machine.ts';
import { findSubscription, withItems } from './find-subscription.ts';

/** Cancel now, or at the end of the period already paid for. */
export async function cancelSubscription(ctx: AppContext, tenant: TenantContext, id: string, atPeriodEnd: boolean) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const sub = await findSubscription(tx, tenant.id, id, true);
    const { next } = transitionSubscription(sub.status as SubscriptionState, 'cancel');
    const where = and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, id));
    if (atPeriodEnd && sub.currentPeriodEnd.getTime() > tenant.now.getTime()) {
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: true, nextBillingAt: sub.currentPeriodEnd }).where(where);
      await enqueueOutbox(tx, tenant.id, 'subscription.updated', { subscription: id, cancel_at_period_end: true }, tenant.now);
    } else {
      await tx.update(subscriptions).set({ status: next, canceledAt: tenant.now, nextBillingAt: null }).where(where);
      await enqueueOutbox(tx, tenant.id, 'subscription.deleted', { subscription: id }, tenant.now);
    }
    return withItems(tx, await findSubscription(tx, tenant.id, id));
  });
}

/** A freeze: no invoices while paused. */
export async function pauseSubscription(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const sub = await findSubscription(tx, tenant.id, id, true);
    const { next } = transitionSubscription(sub.status as SubscriptionState, 'pause');
    await tx
      .update(subscriptions)
      .set({ status: next, pausedAt: tenant.now, nextBillingAt: null })
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, id)));
    await enqueueOutbox(tx, tenant.id, 'subscription.paused', { subscription: id }, tenant.now);
    return withItems(tx, await findSubscription(tx, tenant.id, id));
  });
}

/** Billing resumes at the end of the period already paid for, or now if that has passed. */
export async function resumeSubscription(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const sub = await findSubscription(tx, tenant.id, id, true);
    const { next } = transitionSubscription(sub.status as SubscriptionState, 'resume');
    const resumeAt = sub.currentPeriodEnd.getTime() > tenant.now.getTime() ? sub.currentPeriodEnd : tenant.now;
    await tx
      .update(subscriptions)
      .set({ status: next, pausedAt: null, nextBillingAt: resumeAt })
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, id)));
    await enqueueOutbox(tx, tenant.id, 'subscription.resumed', { subscription: id }, tenant.now);
    return withItems(tx, await findSubscription(tx, tenant.id, id));
  });
}

/** What a business's retry policy does to a subscription whose retries ran out. */
const WHEN_EXHAUSTED = { unpaid: 'mark_unpaid', paused: 'pause', canceled: 'cancel' } as const;

/**
 * Payments tell us how charges ended: a failure makes the subscription past due, a paid invoice
 * heals it, and when the retry policy runs out the subscription becomes unpaid, paused or canceled
 * as the business chose (seed 000).
 */
export const subscriptionPaymentListener: PaymentOutcomeListener = async (tx, event) => {
  if (!event.subscriptionId || event.outcome === 'succeeded') return;
  const sub = await findSubscription(tx, event.tenantId, event.subscriptionId, true);
  const state = sub.status as SubscriptionState;
  const wanted =
    event.outcome === 'failed'
      ? 'payment_failed'
      : event.outcome === 'retries_exhausted'
        ? WHEN_EXHAUSTED[(await loadRetryPolicy(tx, event.tenantId)).onExhausted]
        : 'payment_succeeded';
  const allowed = {
    payment_failed: ['active', 'past_due'],
    mark_unpaid: ['past_due'],
    pause: ['past_due'],
    cancel: ['past_due'],
    payment_succeeded: ['past_due', 'unpaid', 'active'],
  }[wanted];
  if (!allowed.includes(state)) return;
  const { next, effects } = transitionSubscription(state, wanted);
  if (next === state) return;
  const where = and(eq(subscriptions.tenantId, event.tenantId), eq(subscriptions.id, sub.id));
  if (wanted === 'pause' || wanted === 'cancel') {
    // Stopped for non-payment: no more renewals, no more retries of its open invoices (still owed).
    await tx
      .update(subscriptions)
      .set({ status: next, nextBillingAt: null, ...(wanted === 'pause' ? { pausedAt: event.at } : { canceledAt: event.at, cancelAtPeriodEnd: false }) })
      .where(where);
    if (effects.includes('stop_dunning')) {
      await tx
        .update(invoices)
        .set({ nextPaymentAttempt: null })
        .where(and(eq(invoices.tenantId, event.tenantId), eq(invoices.subscriptionId, sub.id), eq(invoices.status, 'open')));
    }
    const topic = wanted === 'pause' ? 'subscription.paused' : 'subscription.deleted';
    await enqueueOutbox(tx, event.tenantId, topic, { subscription: sub.id, reason: 'retries_exhausted' }, event.at);
    return;
  }
  await tx.update(subscriptions).set({ status: next }).where(where);
  await enqueueOutbox(tx, event.tenantId, 'subscription.updated', { subscription: sub.id, status: next }, event.at);
};
