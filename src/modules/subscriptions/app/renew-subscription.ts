import { and, eq, inArray, sql } from 'drizzle-orm';
import { enqueueOutboxRows, type OutboxInsert, outboxRow } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { customers } from '../../customers/index.ts';
import { type IssueRequest, issuePeriodInvoices } from '../../invoicing/index.ts';
import { type AttemptInsert, attemptRow, defaultPaymentMethods, insertAttempts } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptions } from '../db/schema.ts';
import type { Interval } from '../domain/billing-calendar.ts';
import { type BillingWindow, billingWindowAt, parseLocalDate, periodBeforeAnchor, type Schedule } from '../domain/billing-window.ts';
import { prorate } from '../domain/proration.ts';
import { type SubscriptionState, transitionSubscription } from '../domain/subscription.machine.ts';
import type { SubscriptionRow } from './find-subscription.ts';
import { type ItemWithPrice, itemLine, loadItemsOf } from './subscription-lines.ts';

export function scheduleOf(sub: SubscriptionRow): Schedule {
  return { anchor: parseLocalDate(sub.anchorDate), interval: sub.interval as Interval, intervalCount: sub.intervalCount, timeZone: sub.timezone };
}

type Renewal = { sub: SubscriptionRow; window: BillingWindow; status: string };

/**
 * What the scheduler runs for subscriptions whose `next_billing_at` has passed, inside the
 * transaction that claimed them: bill the window due at that instant (one invoice per period,
 * guarded by a unique key), record the autopay intent, and move each due instant to the end
 * of its window. Works on a whole batch with a fixed number of statements, so renewal speed
 * does not depend on round trips per subscription.
 * Returns the payment attempts to send to the gateway after commit.
 */
export async function renewDueSubscriptions(tx: Tx, tenant: TenantContext, subs: SubscriptionRow[]): Promise<string[]> {
  const events: OutboxInsert[] = [];
  const renewals: Renewal[] = [];
  const stopped: string[] = [];
  for (const sub of subs) {
    const dueAt = sub.nextBillingAt;
    if (!dueAt || sub.status === 'canceled' || sub.status === 'paused') {
      stopped.push(sub.id);
    } else if (sub.cancelAtPeriodEnd && dueAt.getTime() >= sub.currentPeriodEnd.getTime()) {
      const { next } = transitionSubscription(sub.status as SubscriptionState, 'cancel');
      await tx
        .update(subscriptions)
        .set({ status: next, canceledAt: dueAt, nextBillingAt: null })
        .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, sub.id)));
      events.push(outboxRow(tenant.id, 'subscription.deleted', { subscription: sub.id }, tenant.now));
    } else {
      const status = sub.status === 'trialing' ? transitionSubscription('trialing', 'trial_end').next : sub.status;
      if (status !== sub.status) events.push(outboxRow(tenant.id, 'subscription.updated', { subscription: sub.id, status }, tenant.now));
      renewals.push({ sub, window: billingWindowAt(scheduleOf(sub), dueAt), status });
    }
  }
  if (stopped.length > 0) {
    await tx
      .update(subscriptions)
      .set({ nextBillingAt: null })
      .where(and(eq(subscriptions.tenantId, tenant.id), inArray(subscriptions.id, stopped)));
  }
  const attempts = await billRenewals(tx, tenant, renewals);
  await advanceSubscriptions(tx, tenant.id, renewals);
  await enqueueOutboxRows(tx, events);
  return attempts;
}

async function billRenewals(tx: Tx, tenant: TenantContext, renewals: Renewal[]): Promise<string[]> {
  if (renewals.length === 0) return [];
  const customerIds = [...new Set(renewals.map((r) => r.sub.customerId))];
  const items = await loadItemsOf(
    tx,
    tenant.id,
    renewals.map((r) => r.sub.id),
  );
  const terms = await tx
    .select({ id: customers.id, days: customers.paymentTermsDays })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), inArray(customers.id, customerIds)));
  const termsOf = new Map(terms.map((t) => [t.id, t.days ?? tenant.paymentTermsDays]));
  const requests: IssueRequest[] = renewals.map(({ sub, window }) => {
    const termsDays = termsOf.get(sub.customerId) ?? tenant.paymentTermsDays;
    return {
      customerId: sub.customerId,
      currency: sub.currency,
      collectionMethod: sub.collectionMethod as 'charge_automatically',
      billingReason: isFirstWindow(sub, window) ? 'subscription_create' : 'subscription_cycle',
      subscriptionId: sub.id,
      periodKey: `${sub.id}@${window.start.toISOString()}`,
      periodStart: window.start,
      periodEnd: window.end,
      daysUntilDue: sub.daysUntilDue ?? termsDays,
      termsDays,
      lines: (items.get(sub.id) ?? []).map((item) => periodLine(sub, window, item)),
    };
  });
  const issued = await issuePeriodInvoices(tx, tenant, requests);
  const toCharge = issued.filter((i) => i.collectionMethod === 'charge_automatically' && i.amountRemaining > 0);
  const cards = await defaultPaymentMethods(tx, tenant.id, [...new Set(toCharge.map((i) => i.customerId))]);
  const attempts: AttemptInsert[] = toCharge.flatMap((invoice) => {
    const card = cards.get(invoice.customerId);
    return card ? [attemptRow(tenant, invoice, card, 1)] : [];
  });
  await insertAttempts(tx, attempts);
  return attempts.map((a) => a.id);
}

/** The first bill of a subscription is the window due when billing starts (creation or trial end). */
function isFirstWindow(sub: SubscriptionRow, window: BillingWindow): boolean {
  return billingWindowAt(scheduleOf(sub), sub.trialEnd ?? sub.createdAt).start.getTime() === window.start.getTime();
}

/** A full period's line, or for the stub before the anchor day its share of a full period. */
function periodLine(sub: SubscriptionRow, window: BillingWindow, item: ItemWithPrice) {
  if (!window.stub) return itemLine(item, window);
  const yardstick = periodBeforeAnchor(scheduleOf(sub));
  const { charge } = prorate({
    periodStart: yardstick.start,
    periodEnd: yardstick.end,
    changeAt: window.start,
    oldAmount: 0,
    newAmount: item.price.unitAmount,
  });
  return itemLine(item, window, { unitAmount: charge, proration: true });
}

async function advanceSubscriptions(tx: Tx, tenantId: string, renewals: Renewal[]) {
  if (renewals.length === 0) return;
  const values = sql.join(
    renewals.map(
      ({ sub, window, status }) =>
        sql`(${sub.id}, ${status}, ${window.index}::int, ${window.start.toISOString()}::timestamptz, ${window.end.toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update subscriptions s
       set status = v.status, current_period_index = v.idx, current_period_start = v.period_start,
           current_period_end = v.period_end, next_billing_at = v.period_end
      from (values ${values}) as v(id, status, idx, period_start, period_end)
     where s.tenant_id = ${tenantId} and s.id = v.id`);
}
