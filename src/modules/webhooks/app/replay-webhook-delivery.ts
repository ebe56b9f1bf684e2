import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { attemptDelivery } from './attempt-delivery.ts';
import { findWebhookEndpoint } from './find-webhook-endpoint.ts';
import { findWebhookDelivery, getWebhookDelivery } from './list-webhook-deliveries.ts';

/** Sends a delivery again now, whatever its status; the attempt is logged like any other. */
export async function replayWebhookDelivery(ctx: AppContext, tenant: TenantContext, id: string) {
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const delivery = await findWebhookDelivery(tx, tenant.id, id);
    const endpoint = await findWebhookEndpoint(tx, tenant.id, delivery.endpointId);
    if (endpoint.disabled) fail('webhook_endpoint_disabled', undefined, 'endpoint');
  });
  await attemptDelivery(ctx, tenant, id, true);
  return getWebhookDelivery(ctx, tenant, id);
}
