import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptionItems, subscriptions } from '../db/schema.ts';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export async function findSubscription(tx: Tx, tenantId: string, id: string, forUpdate = false) {
  const query = tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) notFound('subscription', id);
  return row;
}

export async function withItems(tx: Tx, sub: SubscriptionRow) {
  const items = await tx
    .select()
    .from(subscriptionItems)
    .where(and(eq(subscriptionItems.tenantId, sub.tenantId), eq(subscriptionItems.subscriptionId, sub.id)));
  return { ...sub, items };
}

export function getSubscription(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => withItems(tx, await findSubscription(tx, tenant.id, id)));
}

export function listSubscriptions(
  ctx: AppContext,
  tenant: TenantContext,
  query: { limit: number; startingAfter?: string; customer?: string; status?: string },
) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const rows = await tx
      .select()
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.tenantId, tenant.id),
          query.customer ? eq(subscriptions.customerId, query.customer) : undefined,
          query.status ? eq(subscriptions.status, query.status) : undefined,
          query.startingAfter ? lt(subscriptions.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(subscriptions.id))
      .limit(query.limit + 1);
    return Promise.all(rows.map((row) => withItems(tx, row)));
  });
}
