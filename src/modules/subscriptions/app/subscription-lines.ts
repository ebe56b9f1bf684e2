import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { findPrices, type PriceWithTax } from '../../catalog/index.ts';
import type { DraftLine } from '../../invoicing/index.ts';
import { subscriptionItems } from '../db/schema.ts';

export type ItemWithPrice = { id: string; quantity: number; price: PriceWithTax };

export async function loadItems(tx: Tx, tenantId: string, subscriptionId: string): Promise<ItemWithPrice[]> {
  return (await loadItemsOf(tx, tenantId, [subscriptionId])).get(subscriptionId) ?? [];
}

/** The items of many subscriptions with their prices and tax rates, in two queries. */
export async function loadItemsOf(tx: Tx, tenantId: string, subscriptionIds: string[]): Promise<Map<string, ItemWithPrice[]>> {
  const bySubscription = new Map<string, ItemWithPrice[]>();
  if (subscriptionIds.length === 0) return bySubscription;
  const items = await tx
    .select()
    .from(subscriptionItems)
    .where(and(eq(subscriptionItems.tenantId, tenantId), inArray(subscriptionItems.subscriptionId, subscriptionIds)))
    .orderBy(subscriptionItems.id);
  const priceList = await findPrices(tx, tenantId, [...new Set(items.map((i) => i.priceId))]);
  const priceById = new Map(priceList.map((p) => [p.id, p]));
  for (const item of items) {
    const list = bySubscription.get(item.subscriptionId) ?? [];
    list.push({ id: item.id, quantity: item.quantity, price: priceById.get(item.priceId)! });
    bySubscription.set(item.subscriptionId, list);
  }
  return bySubscription;
}

/** One invoice line per item for a period; `unitAmount` may be prorated for a stub or plan change. */
export function itemLine(
  item: ItemWithPrice,
  period: { start: Date; end: Date },
  opts: { unitAmount?: number; description?: string; proration?: boolean } = {},
): DraftLine {
  return {
    description: opts.description ?? item.price.nickname ?? item.price.productId,
    priceId: item.price.id,
    quantity: item.quantity,
    unitAmount: opts.unitAmount ?? item.price.unitAmount,
    taxRateId: item.price.taxRate?.id ?? null,
    taxPercentMilli: item.price.taxRate?.percentMilli ?? null,
    taxInclusive: item.price.taxRate?.inclusive ?? false,
    proration: opts.proration ?? false,
    periodStart: period.start,
    periodEnd: period.end,
  };
}
