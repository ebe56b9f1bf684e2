import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { prices } from '../db/schema.ts';
import { findPrices } from './find-catalog.ts';

export type PriceUpdate = { nickname?: string | null; active?: boolean };

/**
 * Only the nickname and whether the price is offered can change (as at Stripe): amounts,
 * currency and interval are what existing subscriptions and invoices were billed on, so a new
 * amount is a new price.
 */
export async function updatePrice(ctx: AppContext, tenant: TenantContext, id: string, input: PriceUpdate) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [current] = await findPrices(tx, tenant.id, [id], 'id');
    const set = {
      ...(input.nickname !== undefined ? { nickname: input.nickname } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    if (Object.keys(set).length === 0) return current!;
    const [row] = await tx
      .update(prices)
      .set(set)
      .where(and(eq(prices.tenantId, tenant.id), eq(prices.id, id)))
      .returning();
    return row!;
  });
}
