import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookEndpoints } from '../db/schema.ts';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export async function findWebhookEndpoint(tx: Tx, tenantId: string, id: string): Promise<WebhookEndpointRow> {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
  if (!row) notFound('webhook endpoint', id);
  return row;
}

export function getWebhookEndpoint(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, (tx) => findWebhookEndpoint(tx, tenant.id, id));
}

export function listWebhookEndpoints(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, tenant.id), query.startingAfter ? lt(webhookEndpoints.id, query.startingAfter) : undefined))
      .orderBy(desc(webhookEndpoints.id))
      .limit(query.limit + 1),
  );
}
