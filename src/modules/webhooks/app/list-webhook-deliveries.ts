import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookAttempts, webhookDeliveries } from '../db/schema.ts';
import type { DeliveryState } from '../domain/delivery.machine.ts';
import { findWebhookEndpoint } from './find-webhook-endpoint.ts';

export type DeliveryWithAttempts = typeof webhookDeliveries.$inferSelect & { attemptLog: (typeof webhookAttempts.$inferSelect)[] };

/** Attaches each delivery's attempts (oldest first) with one query for the whole page. */
async function withAttempts(tx: Tx, tenantId: string, rows: (typeof webhookDeliveries.$inferSelect)[]): Promise<DeliveryWithAttempts[]> {
  if (rows.length === 0) return [];
  const attempts = await tx
    .select()
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.tenantId, tenantId),
        inArray(
          webhookAttempts.deliveryId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.number));
  return rows.map((r) => ({ ...r, attemptLog: attempts.filter((a) => a.deliveryId === r.id) }));
}

export async function findWebhookDelivery(tx: Tx, tenantId: string, id: string): Promise<DeliveryWithAttempts> {
  const [row] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)));
  if (!row) notFound('webhook delivery', id);
  return (await withAttempts(tx, tenantId, [row]))[0]!;
}

export function getWebhookDelivery(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, (tx) => findWebhookDelivery(tx, tenant.id, id));
}

/** An endpoint's delivery log, newest first. */
export function listWebhookDeliveries(
  ctx: AppContext,
  tenant: TenantContext,
  endpointId: string,
  query: { limit: number; startingAfter?: string; status?: DeliveryState; event?: string },
) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    await findWebhookEndpoint(tx, tenant.id, endpointId);
    const rows = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, tenant.id),
          eq(webhookDeliveries.endpointId, endpointId),
          query.startingAfter ? lt(webhookDeliveries.id, query.startingAfter) : undefined,
          query.status ? eq(webhookDeliveries.status, query.status) : undefined,
          query.event ? eq(webhookDeliveries.eventId, query.event) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(query.limit + 1);
    return withAttempts(tx, tenant.id, rows);
  });
}
