import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { encryptSecret } from '../../../platform/secrets.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookEndpoints } from '../db/schema.ts';
import { newSigningSecret } from '../domain/signature.ts';

export type WebhookEndpointInput = { url: string; enabledEvents: string[]; description?: string | null };

/** Registers a receiver; the caller shows the returned secret once and never again (it is stored encrypted). */
export async function createWebhookEndpoint(ctx: AppContext, tenant: TenantContext, input: WebhookEndpointInput) {
  const secret = newSigningSecret();
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        tenantId: tenant.id,
        id: newId('we'),
        url: input.url,
        description: input.description ?? null,
        enabledEvents: [...new Set(input.enabledEvents)],
        secret: encryptSecret(secret),
        createdAt: tenant.now,
      })
      .returning();
    return { ...row!, secret }; // in the clear for the one response that shows it
  });
}
