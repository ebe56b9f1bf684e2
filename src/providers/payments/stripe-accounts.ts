import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/client.ts';
import { inTenantTx } from '../../platform/db/tx.ts';
import { decryptSecret, encryptSecret } from '../../platform/secrets.ts';
import type { CardDetails, ChargeRequest, ChargeResult, PaymentGateway, RefundRequest } from './gateway.ts';
import { GatewayUnavailableError } from './gateway.ts';
import { isStripeChargeId, isStripeToken, type StripeApiOptions, StripeGateway, stripeClient } from './stripe-gateway.ts';
import { stripeCustomers, stripeSettings } from './stripe-schema.ts';

export type StripeSettingsRow = typeof stripeSettings.$inferSelect;

/** A settings row with its secret key and webhook signing secret in the clear. */
export function openStripeSettings(row: StripeSettingsRow): StripeSettingsRow {
  return { ...row, secretKey: decryptSecret(row.secretKey), webhookSecret: decryptSecret(row.webhookSecret) };
}

/** The values to store: secret key and webhook signing secret encrypted. */
export function sealStripeSecrets<T extends { secretKey: string; webhookSecret: string }>(values: T): T {
  return { ...values, secretKey: encryptSecret(values.secretKey), webhookSecret: encryptSecret(values.webhookSecret) };
}

/** Each business's Stripe account, if it set one up (POST /v1/settings/stripe). */
export class StripeAccounts {
  // One SDK client per secret key: it keeps its own connection pool.
  private readonly clients = new Map<string, Stripe>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly api: StripeApiOptions,
  ) {}

  /** The business's settings with the keys decrypted (they are stored sealed: see platform/secrets.ts). */
  async settings(tenantId: string): Promise<StripeSettingsRow | null> {
    const row = await inTenantTx(this.db, tenantId, async (tx) => (await tx.select().from(stripeSettings).where(eq(stripeSettings.tenantId, tenantId)))[0]);
    return row ? openStripeSettings(row) : null;
  }

  /** The business's Stripe gateway, or null when it takes cards through the sandbox. */
  async gatewayFor(tenantId: string): Promise<StripeGateway | null> {
    const settings = await this.settings(tenantId);
    if (!settings) return null;
    let client = this.clients.get(settings.secretKey);
    if (!client) {
      client = stripeClient(settings.secretKey, this.api);
      this.clients.set(settings.secretKey, client);
    }
    return new StripeGateway(client, this.customerBook(tenantId), tenantId);
  }

  private customerBook(tenantId: string) {
    const where = (customerRef: string) => and(eq(stripeCustomers.tenantId, tenantId), eq(stripeCustomers.customerId, customerRef));
    return {
      find: (customerRef: string) =>
        inTenantTx(this.db, tenantId, async (tx) => (await tx.select().from(stripeCustomers).where(where(customerRef)))[0]?.stripeCustomerId ?? null),
      remember: (customerRef: string, stripeCustomerId: string) =>
        inTenantTx(this.db, tenantId, async (tx) => {
          await tx.insert(stripeCustomers).values({ tenantId, customerId: customerRef, stripeCustomerId, createdAt: this.clock.now() }).onConflictDoNothing();
          // A concurrent first save may have won: every later card goes to the one remembered.
          return (await tx.select().from(stripeCustomers).where(where(customerRef)))[0]!.stripeCustomerId;
        }),
    };
  }
}

/**
 * The gateway the use cases see: new cards are saved with the business's Stripe account when it
 * has one, else with the default gateway (the sandbox); each saved card is charged, and each
 * charge refunded, where it was made, so switching a business to Stripe never strands old cards.
 */
export class GatewayRouter implements PaymentGateway {
  readonly name: string;

  constructor(
    private readonly fallback: PaymentGateway,
    private readonly stripe: StripeAccounts,
  ) {
    this.name = fallback.name;
  }

  async savePaymentMethod(input: { token: string; customerRef: string; tenantId?: string }): Promise<CardDetails> {
    const stripe = input.tenantId ? await this.stripe.gatewayFor(input.tenantId) : null;
    if (stripe) return stripe.savePaymentMethod(input);
    return { gateway: this.fallback.name, ...(await this.fallback.savePaymentMethod(input)) };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (!isStripeToken(request.token)) return this.fallback.charge(request);
    return (await this.stripeOf(request.tenantId)).charge(request);
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    if (!isStripeChargeId(request.chargeId)) return this.fallback.refund(request);
    return (await this.stripeOf(request.tenantId)).refund(request);
  }

  private async stripeOf(tenantId: string | undefined): Promise<StripeGateway> {
    const stripe = tenantId ? await this.stripe.gatewayFor(tenantId) : null;
    // Settings removed while Stripe cards are on file: nothing can be charged until they are back.
    if (!stripe) throw new GatewayUnavailableError('This business has Stripe cards on file but no Stripe account configured.');
    return stripe;
  }
}
