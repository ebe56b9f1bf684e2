import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { findPrices, type PriceWithTax } from '../../catalog/index.ts';
import type { DraftLine } from '../../invoicing/index.ts';
import { subscriptionItems } from '../db/schema.ts';

export type ItemWithPrice = { id: string; quantity: number; price: PriceWithTax };

export async function loadItems(tx: Tx, tenantId: string, subscriptionId: string): Promise<ItemWithPrice[]> {
  const items = await tx
    .select()
    .from(subscriptionItems)
    .where(and(eq(subscriptionItems.tenantId, tenantId), eq(subscriptionItems.subscriptionId, subscriptionId)));
  const priceList = await findPrices(
    tx,
    tenantId,
    items.map((i) => i.priceId),
  );
  return items.map((item, i) => ({ id: item.id, quantity: item.quantity, price: priceList[i]! }));
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
