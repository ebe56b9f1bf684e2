import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { stripeEvents } from '../../../providers/payments/stripe-schema.ts';
import { verifyStripeEvent } from '../../../providers/payments/stripe-webhooks.ts';
import { loadTenant } from '../../tenants/index.ts';
import { applyStripeEvent } from './apply-stripe-event.ts';

export type ReceivedEvent = { id: string; type: string; outcome: string; duplicate: boolean };

/**
 * A webhook delivery from the business's Stripe account. Nothing is read from the body before the
 * signature checks out with that business's webhook secret. Each event is applied once: its id
 * is recorded in the same transaction as its effects, so a redelivery changes nothing. Work that
 * must ask Stripe (confirming a refund, saving a card) runs after commit; if it fails the record
 * is removed, so Stripe's redelivery tries again.
 */
export async function receiveStripeEvent(ctx: AppContext, tenantId: string, rawBody: string | Buffer, signature: string | undefined): Promise<ReceivedEvent> {
  const tenant = await loadTenant(ctx, tenantId);
  const settings = await ctx.stripe.settings(tenant.id);
  if (!settings) fail('stripe_not_configured');
  const event: Stripe.Event = verifyStripeEvent(rawBody, signature, settings.webhookSecret, ctx.clock.now());
  const where = and(eq(stripeEvents.tenantId, tenant.id), eq(stripeEvents.eventId, event.id));

  const applied = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ tenantId: tenant.id, eventId: event.id, type: event.type, outcome: 'received', receivedAt: tenant.now })
      .onConflictDoNothing()
      .returning();
    if (!fresh) {
      const [earlier] = await tx.select().from(stripeEvents).where(where);
      return { outcome: earlier?.outcome ?? 'received', duplicate: true, followUp: null };
    }
    const { outcome, followUp } = await applyStripeEvent(ctx, tx, tenant, event);
    await tx.update(stripeEvents).set({ outcome }).where(where);
    return { outcome, duplicate: false, followUp };
  });
  if (applied.followUp) {
    try {
      await applied.followUp();
    } catch (error) {
      await inTenantTx(ctx.db, tenant.id, (tx) => tx.delete(stripeEvents).where(where));
      throw error;
    }
  }
  return { id: event.id, type: event.type, outcome: applied.outcome, duplicate: applied.duplicate };
}
