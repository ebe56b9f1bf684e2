import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { openStripeSettings, sealStripeSecrets } from '../../../providers/payments/stripe-accounts.ts';
import { stripeSettings } from '../../../providers/payments/stripe-schema.ts';
import type { TenantContext } from '../../tenants/index.ts';

export type StripeSettingsInput = { secret_key?: string; webhook_secret?: string; publishable_key?: string };

/**
 * Connects a business's own Stripe account: from then on its new cards are saved, and charged,
 * through Stripe. The first call needs all three keys; later calls replace the ones given.
 */
export function configureStripe(ctx: AppContext, tenant: TenantContext, input: StripeSettingsInput) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [stored] = await tx.select().from(stripeSettings).where(eq(stripeSettings.tenantId, tenant.id)).for('update');
    const current = stored ? openStripeSettings(stored) : undefined;
    const secretKey = input.secret_key ?? current?.secretKey;
    const webhookSecret = input.webhook_secret ?? current?.webhookSecret;
    const publishableKey = input.publishable_key ?? current?.publishableKey;
    if (!secretKey) fail('parameter_missing', 'secret_key is required the first time.', 'secret_key');
    if (!webhookSecret) fail('parameter_missing', 'webhook_secret is required the first time.', 'webhook_secret');
    if (!publishableKey) fail('parameter_missing', 'publishable_key is required the first time.', 'publishable_key');
    const mode = (key: string) => /_(test|live)_/.exec(key)?.[1];
    if (mode(secretKey) !== mode(publishableKey))
      fail('parameter_invalid', 'The secret and publishable keys are from different modes (test/live).', 'publishable_key');
    // A test-mode business runs on a simulated clock: it must never move real money.
    if (tenant.mode === 'test' && mode(secretKey) === 'live')
      fail('parameter_invalid', 'A test-mode business can only connect Stripe test keys.', 'secret_key');
    const values = sealStripeSecrets({ secretKey, webhookSecret, publishableKey, updatedAt: tenant.now });
    const [row] = await tx
      .insert(stripeSettings)
      .values({ tenantId: tenant.id, ...values })
      .onConflictDoUpdate({ target: stripeSettings.tenantId, set: values })
      .returning();
    return openStripeSettings(row!);
  });
}

export function getStripeSettings(ctx: AppContext, tenant: TenantContext) {
  return ctx.stripe.settings(tenant.id);
}
