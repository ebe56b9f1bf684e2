import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { attachPaymentMethod, attachStripeCardOnce } from '../../payments/index.ts';
import { portalSessions } from '../db/schema.ts';
import type { PortalClient } from './portal-session.ts';

const sessionRow = (client: PortalClient) => and(eq(portalSessions.tenantId, client.tenant.id), eq(portalSessions.id, client.sessionId));

/**
 * How this client's browser collects a card: the sandbox's own test-card form, or Stripe's
 * Payment Element confirming a SetupIntent made for this session (the card never reaches us).
 */
export async function startPortalCardSetup(ctx: AppContext, client: PortalClient) {
  const stripe = await ctx.stripe.gatewayFor(client.tenant.id);
  if (!stripe) return { gateway: 'sandbox' as const, clientSecret: null, publishableKey: null };
  const intent = await stripe.createSetupIntent(client.customerId, `duly_portal_setup_${randomBytes(12).toString('hex')}`);
  await inTenantTx(ctx.db, client.tenant.id, (tx) => tx.update(portalSessions).set({ setupIntentId: intent.id }).where(sessionRow(client)));
  const settings = await ctx.stripe.settings(client.tenant.id);
  return { gateway: 'stripe' as const, clientSecret: intent.clientSecret, publishableKey: settings?.publishableKey ?? null };
}

/**
 * Saves the card the client just gave as their default, through the same use case as the API
 * (which also charges invoices that were waiting for a new card). With Stripe the card must come
 * from the SetupIntent this session made and the client confirmed.
 */
export async function savePortalCard(ctx: AppContext, client: PortalClient, paymentMethod: string) {
  const stripe = await ctx.stripe.gatewayFor(client.tenant.id);
  if (!stripe) return attachPaymentMethod(ctx, client.tenant, client.customerId, paymentMethod);
  const [session] = await inTenantTx(ctx.db, client.tenant.id, (tx) => tx.select().from(portalSessions).where(sessionRow(client)));
  if (!session?.setupIntentId) fail('card_setup_incomplete', undefined, 'payment_method');
  const intent = await stripe.retrieveSetupIntent(session.setupIntentId);
  if (intent.status !== 'succeeded' || intent.paymentMethod !== paymentMethod || !intent.customer) fail('card_setup_incomplete', undefined, 'payment_method');
  const card = await attachStripeCardOnce(ctx, client.tenant, client.customerId, intent.customer, paymentMethod);
  await inTenantTx(ctx.db, client.tenant.id, (tx) => tx.update(portalSessions).set({ setupIntentId: null }).where(sessionRow(client)));
  return card;
}
