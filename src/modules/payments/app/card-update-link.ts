import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { loadConfig, publicUrl } from '../../../platform/config.ts';
import { inTenantTx, type Queryable, type Tx } from '../../../platform/db/tx.ts';
import { DomainError, fail } from '../../../platform/errors.ts';
import { decryptSecret, encryptSecret } from '../../../platform/secrets.ts';
import { findCustomer } from '../../customers/index.ts';
import { loadTenant, type TenantContext } from '../../tenants/index.ts';
import { cardUpdateLinks, instanceSecrets } from '../db/card-update-schema.ts';
import { attachStripeCardOnce } from './attach-card-once.ts';
import { attachPaymentMethod, findDefaultPaymentMethod } from './attach-payment-method.ts';

/** How long a card-update link in a message works, by the business's clock. */
export const CARD_UPDATE_LINK_DAYS = 14;
const SECRET_NAME = 'card_update_link';

type Claims = { tenantId: string; customerId: string; expiresAt: number; nonce: string };

/**
 * The link a client gets to replace their card: a token naming one business, one customer and an
 * expiry, signed with the installation's secret (DULY_CARD_LINK_SECRET, or one generated once and
 * kept in the database), so it cannot be altered or pointed at anyone else. It works once.
 */
export async function cardUpdateUrl(tx: Tx, tenant: TenantContext, customerId: string): Promise<string> {
  const claims: Claims = {
    tenantId: tenant.id,
    customerId,
    expiresAt: Math.floor(tenant.now.getTime() / 1000) + CARD_UPDATE_LINK_DAYS * 86_400,
    nonce: randomBytes(12).toString('base64url'),
  };
  return `${publicUrl()}/card-update/${signToken(await linkSecret(tx, tenant.now), claims)}`;
}

export function signToken(secret: string, claims: Claims): string {
  const payload = Buffer.from(JSON.stringify([claims.tenantId, claims.customerId, claims.expiresAt, claims.nonce])).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(`card_update.${payload}`).digest('base64url');

function readToken(secret: string, token: string): Claims {
  const [payload, signature, ...rest] = token.split('.');
  const expected = payload ? Buffer.from(mac(secret, payload)) : null;
  const given = Buffer.from(signature ?? '');
  if (!payload || rest.length > 0 || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) fail('card_update_link_invalid');
  const [tenantId, customerId, expiresAt, nonce] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string, number, string];
  return { tenantId, customerId, expiresAt, nonce };
}

async function linkSecret(q: Queryable, now: Date): Promise<string> {
  const configured = loadConfig().cardLinkSecret;
  if (configured) return configured;
  // Every process on this database signs and checks with the same secret: the first one wins.
  await q
    .insert(instanceSecrets)
    .values({ name: SECRET_NAME, value: encryptSecret(randomBytes(32).toString('base64url')), createdAt: now })
    .onConflictDoNothing();
  const [row] = await q.select().from(instanceSecrets).where(eq(instanceSecrets.name, SECRET_NAME));
  return decryptSecret(row!.value); // stored encrypted (S2); a secret saved before that passes through
}

/** The business, customer and link behind a token, if it is genuine, unexpired (business clock) and unused. */
async function resolveLink(ctx: AppContext, token: string) {
  const claims = readToken(await linkSecret(ctx.db, ctx.clock.now()), token);
  const tenant = await loadTenant(ctx, claims.tenantId).catch((error: unknown) => {
    if (error instanceof DomainError) fail('card_update_link_invalid');
    throw error;
  });
  if (tenant.now.getTime() > claims.expiresAt * 1000) fail('card_update_link_expired');
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, claims.customerId);
    const [link] = await tx
      .select()
      .from(cardUpdateLinks)
      .where(and(eq(cardUpdateLinks.tenantId, tenant.id), eq(cardUpdateLinks.nonce, claims.nonce)));
    if (link?.usedAt) fail('card_update_link_used');
    const card = await findDefaultPaymentMethod(tx, tenant.id, customer.id);
    return { tenant, claims, customer, link: link ?? null, card };
  });
}

/** What the card-update page needs: who, for which business, and how to collect the card. */
export async function openCardUpdateLink(ctx: AppContext, token: string) {
  const { tenant, claims, customer, link, card } = await resolveLink(ctx, token);
  const stripe = await ctx.stripe.gatewayFor(tenant.id);
  let setupIntent: { clientSecret: string | null } | null = null;
  if (stripe) {
    // One SetupIntent per link, however often the page is opened.
    const intent = link?.setupIntentId
      ? await stripe.retrieveSetupIntent(link.setupIntentId)
      : await stripe.createSetupIntent(customer.id, `duly_card_update_${claims.nonce}`);
    await inTenantTx(ctx.db, tenant.id, (tx) =>
      tx
        .insert(cardUpdateLinks)
        .values({ tenantId: tenant.id, nonce: claims.nonce, customerId: customer.id, setupIntentId: intent.id, createdAt: tenant.now })
        .onConflictDoUpdate({
          target: [cardUpdateLinks.tenantId, cardUpdateLinks.nonce],
          set: { setupIntentId: intent.id },
          setWhere: isNull(cardUpdateLinks.setupIntentId),
        }),
    );
    setupIntent = intent;
  }
  return {
    tenant,
    customer,
    card,
    expiresAt: new Date(claims.expiresAt * 1000),
    gateway: stripe ? ('stripe' as const) : ('sandbox' as const),
    clientSecret: setupIntent?.clientSecret ?? null,
    publishableKey: stripe ? ((await ctx.stripe.settings(tenant.id))?.publishableKey ?? null) : null,
  };
}

/**
 * Saves the client's new card as their default (which charges invoices waiting for a new card at
 * once). With Stripe the card must come from this link's SetupIntent, confirmed by the client.
 * The link is claimed first and released if saving fails, so it works exactly once.
 */
export async function completeCardUpdate(ctx: AppContext, token: string, paymentMethod: string) {
  const { tenant, claims, customer, link } = await resolveLink(ctx, token);
  const stripe = await ctx.stripe.gatewayFor(tenant.id);
  let stripeCustomer: string | null = null;
  if (stripe) {
    if (!link?.setupIntentId) fail('card_setup_incomplete', 'Open the link first: the card is confirmed with Stripe on that page.', 'payment_method');
    const intent = await stripe.retrieveSetupIntent(link.setupIntentId);
    if (intent.status !== 'succeeded' || intent.paymentMethod !== paymentMethod || !intent.customer) fail('card_setup_incomplete', undefined, 'payment_method');
    stripeCustomer = intent.customer;
  }
  const where = and(eq(cardUpdateLinks.tenantId, tenant.id), eq(cardUpdateLinks.nonce, claims.nonce));
  const claimed = await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .insert(cardUpdateLinks)
      .values({ tenantId: tenant.id, nonce: claims.nonce, customerId: customer.id, usedAt: tenant.now, createdAt: tenant.now })
      .onConflictDoUpdate({ target: [cardUpdateLinks.tenantId, cardUpdateLinks.nonce], set: { usedAt: tenant.now }, setWhere: isNull(cardUpdateLinks.usedAt) })
      .returning(),
  );
  if (claimed.length === 0) fail('card_update_link_used');
  try {
    return stripeCustomer
      ? await attachStripeCardOnce(ctx, tenant, customer.id, stripeCustomer, paymentMethod)
      : await attachPaymentMethod(ctx, tenant, customer.id, paymentMethod);
  } catch (error) {
    await inTenantTx(ctx.db, tenant.id, (tx) => tx.update(cardUpdateLinks).set({ usedAt: sql`null` }).where(where));
    throw error;
  }
}
