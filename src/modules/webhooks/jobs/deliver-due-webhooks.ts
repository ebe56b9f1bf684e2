import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { forEachConcurrently } from '../../../platform/concurrency.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { attemptDelivery } from '../app/attempt-delivery.ts';
import { webhookDeliveries } from '../db/schema.ts';

const BATCH = 100;
const IN_FLIGHT = 8;
/** How long a claimed delivery stays hidden from other workers; a crash mid-send retries after it. */
const LEASE_MS = 2 * 60_000;

/**
 * Sends every webhook delivery that is due for one business. Due rows are claimed with SKIP LOCKED
 * and leased (their due instant moved forward) in one short transaction, then sent with no
 * transaction open. A crash after sending but before recording sends again after the lease:
 * receivers dedupe on `Duly-Event-Id`. Returns the number of attempts made.
 */
export async function deliverDueWebhooks(ctx: AppContext, tenant: TenantContext): Promise<number> {
  const claimed = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, tenant.now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const ids = due.map((d) => d.id);
    if (ids.length > 0) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(tenant.now.getTime() + LEASE_MS) })
        .where(and(eq(webhookDeliveries.tenantId, tenant.id), inArray(webhookDeliveries.id, ids)));
    }
    return ids;
  });
  let sent = 0;
  await forEachConcurrently(claimed, IN_FLIGHT, async (id) => {
    if (await attemptDelivery(ctx, tenant, id, false)) sent++;
  });
  return sent;
}
