import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findPrices } from '../../catalog/index.ts';
import { findCustomer } from '../../customers/index.ts';
import { assertInvoiceable } from '../../invoicing/index.ts';
import { chargeAttempt } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptionItems, subscriptions } from '../db/schema.ts';
import { addDaysLocal, type Interval, localMidnightToInstant, toLocalDate } from '../domain/billing-calendar.ts';
import { formatLocalDate, nextAnchorDate } from '../domain/billing-window.ts';
import { findSubscription, withItems } from './find-subscription.ts';
import { renewDueSubscriptions } from './renew-subscription.ts';

export type CreateSubscriptionInput = {
  customer: string;
  items: { price: string; quantity: number }[];
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number | null;
  trialPeriodDays?: number | null;
  /** Day of month (1-31) to bill on; months without that day bill on their last day. */
  billingCycleAnchorDay?: number | null;
};

/**
 * Starts a subscription. Billing is in advance: without a trial the first invoice (a prorated stub
 * when the anchor day is later) is issued and, for autopay, charged before we answer.
 */
export async function createSubscription(ctx: AppContext, tenant: TenantContext, input: CreateSubscriptionInput) {
  const { subscriptionId, attemptId } = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, input.customer);
    const priceList = await findPrices(
      tx,
      tenant.id,
      input.items.map((i) => i.price),
      'items[price]',
    );
    const first = priceList[0]!;
    for (const [i, price] of priceList.entries()) {
      if (price.type !== 'recurring') fail('price_not_recurring', undefined, `items[${i}][price]`);
      if (!price.active) fail('price_inactive', undefined, `items[${i}][price]`);
      if (price.interval !== first.interval || price.intervalCount !== first.intervalCount) fail('interval_mismatch', undefined, `items[${i}][price]`);
      if (price.currency !== first.currency) fail('currency_mismatch', 'All items of a subscription must share one currency.', `items[${i}][price]`);
    }
    assertInvoiceable(input.items.map((item, i) => ({ unitAmount: priceList[i]!.unitAmount, quantity: item.quantity })));
    const timezone = tenant.timezone;
    const today = toLocalDate(tenant.now, timezone);
    const trialDays = input.trialPeriodDays ?? 0;
    const billingStarts = addDaysLocal(today, trialDays);
    const anchor = input.billingCycleAnchorDay ? nextAnchorDate(billingStarts, input.billingCycleAnchorDay) : billingStarts;
    const trialEnd = trialDays > 0 ? localMidnightToInstant(billingStarts, timezone) : null;
    const id = newId('sub');
    const [row] = await tx
      .insert(subscriptions)
      .values({
        tenantId: tenant.id,
        id,
        customerId: customer.id,
        status: trialEnd ? 'trialing' : 'active',
        collectionMethod: input.collectionMethod ?? 'charge_automatically',
        currency: first.currency,
        interval: first.interval as Interval,
        intervalCount: first.intervalCount ?? 1,
        anchorDate: formatLocalDate(anchor),
        timezone,
        currentPeriodIndex: -1,
        currentPeriodStart: tenant.now,
        currentPeriodEnd: trialEnd ?? tenant.now,
        trialEnd,
        daysUntilDue: input.daysUntilDue ?? null,
        nextBillingAt: trialEnd ?? tenant.now,
        createdAt: tenant.now,
      })
      .returning();
    await tx.insert(subscriptionItems).values(
      input.items.map((item) => ({
        tenantId: tenant.id,
        id: newId('si'),
        subscriptionId: id,
        priceId: item.price,
        quantity: item.quantity,
        createdAt: tenant.now,
      })),
    );
    await enqueueOutbox(tx, tenant.id, 'subscription.created', { subscription: id, customer: customer.id }, tenant.now);
    const [attempt] = trialEnd ? [] : await renewDueSubscriptions(tx, tenant, [row!]);
    return { subscriptionId: id, attemptId: attempt ?? null };
  });
  if (attemptId) await chargeAttempt(ctx, tenant, attemptId);
  return inTenantTx(ctx.db, tenant.id, async (tx) => withItems(tx, await findSubscription(tx, tenant.id, subscriptionId)));
}
