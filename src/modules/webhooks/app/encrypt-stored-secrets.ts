import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/client.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { decryptSecret, encryptSecret, isEncryptedSecret } from '../../../platform/secrets.ts';
import { webhookEndpoints } from '../db/schema.ts';

/**
 * Startup step: encrypts endpoint signing secrets saved in the clear before encryption at rest
 * existed, and opens every sealed one so a wrong key stops the start (`secret_key_mismatch`). Idempotent.
 */
export function encryptStoredEndpointSecrets(db: Database): Promise<number> {
  return inSystemTx(db, async (tx) => {
    let rewritten = 0;
    for (const row of await tx
      .select({ tenantId: webhookEndpoints.tenantId, id: webhookEndpoints.id, secret: webhookEndpoints.secret })
      .from(webhookEndpoints)) {
      if (isEncryptedSecret(row.secret)) {
        decryptSecret(row.secret);
        continue;
      }
      await tx
        .update(webhookEndpoints)
        .set({ secret: encryptSecret(row.secret) })
        .where(and(eq(webhookEndpoints.tenantId, row.tenantId), eq(webhookEndpoints.id, row.id)));
      rewritten += 1;
    }
    return rewritten;
  });
}
