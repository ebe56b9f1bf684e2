import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messagingSettings } from '../db/schema.ts';

export type ChannelSettingName = 'email' | 'sms' | 'telegram' | 'general';

/** Saves a business's settings for one channel (or quiet hours under 'general'), replacing the previous ones. */
export async function configureChannel(ctx: AppContext, tenant: TenantContext, channel: ChannelSettingName, config: Record<string, unknown>, enabled = true) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(messagingSettings)
      .values({ tenantId: tenant.id, channel, config, enabled, updatedAt: tenant.now })
      .onConflictDoUpdate({ target: [messagingSettings.tenantId, messagingSettings.channel], set: { config, enabled, updatedAt: tenant.now } })
      .returning();
    return row!;
  });
}
