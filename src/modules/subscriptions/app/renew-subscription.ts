import { and, eq } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { findCustomer } from '../../customers/index.ts';
import { finalizeDraft, insertDraftInvoice } from '../../invoicing/index.ts';
import { createPaymentAttempt } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptions } from '../db/schema.ts';
import type { Interval } from '../domain/billing-calendar.ts';
import { billingWindowAt, parseLocalDate, periodBeforeAnchor, type Schedule } from '../domain/billing-window.ts';
import { prorate } from '../domain/proration.ts';
import { type SubscriptionState, transitionSubscription } from '../domain/subscription.machine.ts';
import type { SubscriptionRow } from './find-subscription.ts';
import { itemLine, loadItems } from './subscription-lines.ts';

export function scheduleOf(sub: SubscriptionRow): Schedule {
  return { anchor: parseLocalDate(sub.anchorDate), interval: sub.interval as Interval, intervalCount: sub.intervalCount, timeZone: sub.timezone };
}

/**
 * The renewal the scheduler runs when `next_billing_at` passes, inside the claiming transaction:
 * bill the window due at that instant (one invoice per period, guarded by a unique key), finalise
 * it, record the autopay intent, and move the due instant to the end of the window.
 * Returns the payment attempt to send to the gateway after commit, if any.
 */
export async function renewDueSubscription(tx: Tx, tenant: TenantContext, sub: SubscriptionRow): Promise<string | null> {
  const dueAt = sub.nextBillingAt;
  const where = and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, sub.id));
  if (!dueAt || sub.status === 'canceled' || sub.status === 'paused') {
    await tx.update(subscriptions).set({ nextBillingAt: null }).where(where);
    return null;
  }
  if (sub.cancelAtPeriodEnd && dueAt.getTime() >= sub.currentPeriodEnd.getTime()) {
    const { next } = transitionSubscription(sub.status as SubscriptionState, 'cancel');
    await tx.update(subscriptions).set({ status: next, canceledAt: dueAt, nextBillingAt: null }).where(where);
    await enqueueOutbox(tx, tenant.id, 'subscription.deleted', { subscription: sub.id }, tenant.now);
    return null;
  }
  const status = sub.status === 'trialing' ? transitionSubscription('trialing', 'trial_end').next : sub.status;
  const schedule = scheduleOf(sub);
  const window = billingWindowAt(schedule, dueAt);
  const items = await loadItems(tx, tenant.id, sub.id);
  const lines = items.map((item) => {
    if (!window.stub) return itemLine(item, window);
    // A stub before the anchor day costs its share of a full period.
    const yardstick = periodBeforeAnchor(schedule);
    const { charge } = prorate({
      periodStart: yardstick.start,
      periodEnd: yardstick.end,
      changeAt: window.start,
      oldAmount: 0,
      newAmount: item.price.unitAmount,
    });
    return itemLine(item, window, { unitAmount: charge, proration: true });
  });
  const customer = await findCustomer(tx, tenant.id, sub.customerId);
  const draft = await insertDraftInvoice(tx, tenant, {
    customerId: sub.customerId,
    currency: sub.currency,
    collectionMethod: sub.collectionMethod as 'charge_automatically',
    billingReason: sub.currentPeriodIndex === -1 && window.index <= 0 ? 'subscription_create' : 'subscription_cycle',
    subscriptionId: sub.id,
    periodKey: `${sub.id}@${window.start.toISOString()}`,
    periodStart: window.start,
    periodEnd: window.end,
    daysUntilDue: sub.daysUntilDue ?? customer.paymentTermsDays ?? tenant.paymentTermsDays,
    lines,
  });
  let attemptId: string | null = null;
  if (draft) {
    const invoice = await finalizeDraft(tx, tenant, draft.id, customer.paymentTermsDays ?? tenant.paymentTermsDays);
    if (invoice.collectionMethod === 'charge_automatically') attemptId = await createPaymentAttempt(tx, tenant, invoice);
  }
  await tx
    .update(subscriptions)
    .set({
      status,
      currentPeriodIndex: window.index,
      currentPeriodStart: window.start,
      currentPeriodEnd: window.end,
      nextBillingAt: window.end,
    })
    .where(where);
  if (status !== sub.status) await enqueueOutbox(tx, tenant.id, 'subscription.updated', { subscription: sub.id, status }, tenant.now);
  return attemptId;
}
