import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { stripeToken } from '../../../providers/payments/stripe-gateway.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentMethods } from '../db/schema.ts';
import { attachPaymentMethod } from './attach-payment-method.ts';

/**
 * Saves a card the client confirmed with Stripe (a SetupIntent) unless it is saved already: the
 * card-update page and Stripe's webhooks (setup_intent.succeeded, payment_method.attached) may
 * both report the same card, and it must become one saved card.
 */
export async function attachStripeCardOnce(ctx: AppContext, tenant: TenantContext, customerId: string, stripeCustomer: string, paymentMethod: string) {
  const known = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.tenantId, tenant.id),
          eq(paymentMethods.customerId, customerId),
          eq(paymentMethods.gatewayToken, stripeToken(stripeCustomer, paymentMethod)),
          isNull(paymentMethods.detachedAt),
        ),
      );
    return row ?? null;
  });
  return known ?? attachPaymentMethod(ctx, tenant, customerId, paymentMethod);
}
