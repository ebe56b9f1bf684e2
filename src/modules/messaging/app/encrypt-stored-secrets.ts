import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/client.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { messagingSettings } from '../db/schema.ts';
import { hasPlainSecret, openChannelConfig, sealChannelConfig } from './channel-secrets.ts';

/**
 * Startup step: encrypts channel secrets saved in the clear before encryption at rest existed,
 * and opens every sealed one so a wrong key stops the start with `secret_key_mismatch` instead
 * of failing later in a delivery job. Idempotent. Returns how many rows were rewritten.
 */
export function encryptStoredChannelSecrets(db: Database): Promise<number> {
  return inSystemTx(db, async (tx) => {
    let rewritten = 0;
    for (const row of await tx.select().from(messagingSettings)) {
      openChannelConfig(row.config);
      if (!hasPlainSecret(row.config)) continue;
      await tx
        .update(messagingSettings)
        .set({ config: sealChannelConfig(row.config, undefined) })
        .where(and(eq(messagingSettings.tenantId, row.tenantId), eq(messagingSettings.channel, row.channel)));
      rewritten += 1;
    }
    return rewritten;
  });
}
