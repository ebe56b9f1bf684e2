import type { Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { findPrices, type PriceWithTax } from '../../catalog/index.ts';
import { assertInvoiceable, type DraftLine } from '../../invoicing/index.ts';
import { periodBeforeAnchor } from '../domain/billing-window.ts';
import { prorate } from '../domain/proration.ts';
import type { SubscriptionRow } from './find-subscription.ts';
import { scheduleOf } from './renew-subscription.ts';
import { type ItemWithPrice, itemLine } from './subscription-lines.ts';

export type PlanChangeItems = { price: string; quantity: number }[];

/**
 * The new items' prices, checked against the subscription: the real change and its preview
 * refuse the same requests with the same errors.
 */
export async function loadNewPrices(tx: Tx, tenantId: string, sub: SubscriptionRow, items: PlanChangeItems): Promise<PriceWithTax[]> {
  if (sub.status === 'canceled') fail('subscription_canceled');
  const newPrices = await findPrices(
    tx,
    tenantId,
    items.map((i) => i.price),
    'items[price]',
  );
  for (const [i, price] of newPrices.entries()) {
    if (price.type !== 'recurring') fail('price_not_recurring', undefined, `items[${i}][price]`);
    if (price.interval !== sub.interval || price.intervalCount !== sub.intervalCount) fail('interval_mismatch', undefined, `items[${i}][price]`);
    if (price.currency !== sub.currency) fail('currency_mismatch', undefined, `items[${i}][price]`);
  }
  assertInvoiceable(items.map((item, i) => ({ unitAmount: newPrices[i]!.unitAmount, quantity: item.quantity })));
  return newPrices;
}

/**
 * The proration invoice lines of a plan change at `now`: credit for the unused time of the old
 * items, charge for the rest of the period on the new ones. Null when nothing is invoiced now
 * (proration off, a trial, or no paid period running). Shared by the change and its preview so
 * the preview shows exactly what the change will bill.
 */
export function planChangeLines(
  sub: SubscriptionRow,
  oldItems: ItemWithPrice[],
  newItems: PlanChangeItems,
  newPrices: PriceWithTax[],
  now: Date,
  prorationBehavior: 'always_invoice' | 'none' = 'always_invoice',
): { lines: DraftLine[]; period: { start: Date; end: Date } } | null {
  const inPaidPeriod = sub.currentPeriodIndex >= -1 && sub.currentPeriodEnd.getTime() > now.getTime() && sub.status !== 'trialing';
  if (prorationBehavior === 'none' || !inPaidPeriod) return null;
  const period = { start: sub.currentPeriodStart, end: sub.currentPeriodEnd };
  // A stub before the anchor day was billed as its share of a full period: measure against the same yardstick.
  const yardstick = sub.currentPeriodIndex === -1 ? periodBeforeAnchor(scheduleOf(sub)) : period;
  const share = (amount: number) => prorate({ periodStart: yardstick.start, periodEnd: yardstick.end, changeAt: now, oldAmount: amount, newAmount: amount });
  const remaining = { start: now, end: period.end };
  const lines: DraftLine[] = [
    ...oldItems.map((item) =>
      itemLine(item, remaining, {
        unitAmount: share(item.price.unitAmount).credit,
        description: `Unused time on ${item.price.nickname ?? item.price.productId}`,
        proration: true,
      }),
    ),
    ...newItems.map((item, i) => {
      const price = newPrices[i]!;
      return itemLine({ id: '', quantity: item.quantity, price }, remaining, {
        unitAmount: share(price.unitAmount).charge,
        description: `Remaining time on ${price.nickname ?? price.productId}`,
        proration: true,
      });
    }),
  ];
  return { lines, period };
}
