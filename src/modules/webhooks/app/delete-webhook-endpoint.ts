import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import { findWebhookEndpoint } from './find-webhook-endpoint.ts';

/** Removes an endpoint with its delivery log; the events themselves stay in `GET /v1/events`. */
export async function deleteWebhookEndpoint(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    await findWebhookEndpoint(tx, tenant.id, id);
    const ofEndpoint = and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.endpointId, id));
    const deliveryIds = tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(ofEndpoint);
    await tx.delete(webhookAttempts).where(and(eq(webhookAttempts.tenantId, tenant.id), inArray(webhookAttempts.deliveryId, deliveryIds)));
    await tx.delete(webhookDeliveries).where(ofEndpoint);
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenant.id), eq(webhookEndpoints.id, id)));
    return { id };
  });
}
