import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import { transitionDelivery } from '../domain/delivery.machine.ts';
import { findWebhookEndpoint } from './find-webhook-endpoint.ts';

export type WebhookEndpointUpdate = { url?: string; enabledEvents?: string[]; description?: string | null; disabled?: boolean };

/** Changes an endpoint; disabling it cancels what is still waiting to go out (replay can still send it). */
export async function updateWebhookEndpoint(ctx: AppContext, tenant: TenantContext, id: string, input: WebhookEndpointUpdate) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const before = await findWebhookEndpoint(tx, tenant.id, id);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url,
        enabledEvents: input.enabledEvents ? [...new Set(input.enabledEvents)] : undefined,
        description: input.description,
        disabled: input.disabled,
      })
      .where(and(eq(webhookEndpoints.tenantId, tenant.id), eq(webhookEndpoints.id, id)))
      .returning();
    if (input.disabled && !before.disabled) {
      const { next } = transitionDelivery('pending', 'endpoint_disabled');
      await tx
        .update(webhookDeliveries)
        .set({ status: next, nextAttemptAt: null, lastError: 'The endpoint was disabled before this event could be delivered.' })
        .where(and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
    }
    return row!;
  });
}
