import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messagingSettings } from '../db/schema.ts';
import { sealChannelConfig } from './channel-secrets.ts';

export type ChannelSettingName = 'email' | 'sms' | 'telegram' | 'general';

/** A channel that cannot send without this credential: given once, then kept until replaced. */
const REQUIRED_SECRET: Partial<Record<ChannelSettingName, string>> = { sms: 'api_key', telegram: 'token' };

/** Saves a business's settings for one channel (or quiet hours under 'general'), replacing the previous ones (a secret left out stays as saved). */
export async function configureChannel(ctx: AppContext, tenant: TenantContext, channel: ChannelSettingName, config: Record<string, unknown>, enabled = true) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [previous] = await tx
      .select()
      .from(messagingSettings)
      .where(and(eq(messagingSettings.tenantId, tenant.id), eq(messagingSettings.channel, channel)))
      .for('update');
    const stored = sealChannelConfig(config, previous?.config);
    const required = REQUIRED_SECRET[channel];
    if (required && typeof stored[required] !== 'string') fail('parameter_missing', `Provide ${required}: none is saved for this channel yet.`, required);
    const [row] = await tx
      .insert(messagingSettings)
      .values({ tenantId: tenant.id, channel, config: stored, enabled, updatedAt: tenant.now })
      .onConflictDoUpdate({ target: [messagingSettings.tenantId, messagingSettings.channel], set: { config: stored, enabled, updatedAt: tenant.now } })
      .returning();
    return row!;
  });
}
