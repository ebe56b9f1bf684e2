import { eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/client.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { isEncryptedSecret } from '../../../platform/secrets.ts';
import { openStripeSettings, sealStripeSecrets } from '../../../providers/payments/stripe-accounts.ts';
import { stripeSettings } from '../../../providers/payments/stripe-schema.ts';

/**
 * Startup step: encrypts Stripe keys saved in the clear before encryption at rest existed, and
 * opens every sealed one so a wrong key stops the start (`secret_key_mismatch`). Idempotent.
 */
export function encryptStoredStripeSecrets(db: Database): Promise<number> {
  return inSystemTx(db, async (tx) => {
    let rewritten = 0;
    for (const row of await tx.select().from(stripeSettings)) {
      const open = openStripeSettings(row);
      if (isEncryptedSecret(row.secretKey) && isEncryptedSecret(row.webhookSecret)) continue;
      const sealed = sealStripeSecrets({ secretKey: open.secretKey, webhookSecret: open.webhookSecret });
      await tx.update(stripeSettings).set(sealed).where(eq(stripeSettings.tenantId, row.tenantId));
      rewritten += 1;
    }
    return rewritten;
  });
}
