import Stripe from 'stripe';
import { fail } from '../../platform/errors.ts';
import type { CardDetails, ChargeRequest, ChargeResult, PaymentGateway, RefundRequest } from './gateway.ts';
import { GatewayUnavailableError } from './gateway.ts';

/** Where the SDK sends requests: api.stripe.com, or a local endpoint (host, port, protocol) in tests. */
export type StripeApiOptions = { apiBase: string | null; timeoutMs: number };

/** Remembers which Stripe Customer holds a customer's cards (off-session charges need the pair). */
export type StripeCustomerBook = {
  find(customerRef: string): Promise<string | null>;
  remember(customerRef: string, stripeCustomerId: string): Promise<string>;
};

export type SetupIntentView = { id: string; clientSecret: string | null; status: string; paymentMethod: string | null; customer: string | null };

const TOKEN = /^stripe:(cus_[A-Za-z0-9_]+):(pm_[A-Za-z0-9_]+)$/;

/** Our saved-card token for a Stripe card: the customer and the payment method, both needed to charge. */
export const stripeToken = (customer: string, paymentMethod: string) => `stripe:${customer}:${paymentMethod}`;
export const isStripeToken = (token: string) => TOKEN.test(token);
/** Stripe charges are recorded by their PaymentIntent id (a refund names the PaymentIntent). */
export const isStripeChargeId = (chargeId: string) => chargeId.startsWith('pi_');

export function stripeClient(secretKey: string, api: StripeApiOptions): Stripe {
  const base = api.apiBase ? new URL(api.apiBase) : null;
  return new Stripe(secretKey, {
    // Our own retries (the scheduler, with the same idempotency key) decide when to ask again.
    maxNetworkRetries: 0,
    timeout: api.timeoutMs,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'http:' ? 80 : 443),
          protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const),
        }
      : {}),
  });
}

/**
 * A business's own Stripe account behind our PaymentGateway: off-session PaymentIntents with the
 * saved card, refunds and SetupIntents, each money-moving call with our idempotency key.
 * A call whose outcome is unknown (no answer, timeout, Stripe 5xx or rate limit) throws
 * GatewayUnavailableError, so the attempt stays pending and is asked again with the same key.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';

  constructor(
    private readonly stripe: Stripe,
    private readonly customers: StripeCustomerBook,
    private readonly tenantId: string,
  ) {}

  async savePaymentMethod(input: { token: string; customerRef: string }): Promise<CardDetails> {
    if (!/^pm_[A-Za-z0-9_]+$/.test(input.token)) fail('payment_method_unknown', 'A Stripe payment method id (pm_...) is expected.', 'token');
    const customer = await this.customerFor(input.customerRef);
    const method = await call(async () => {
      const found = await this.stripe.paymentMethods.retrieve(input.token);
      if (found.customer === customer) return found;
      if (found.customer) fail('parameter_invalid', 'That payment method belongs to another Stripe customer.', 'token');
      return this.stripe.paymentMethods.attach(input.token, { customer }, { idempotencyKey: `duly_attach_${customer}_${input.token}` });
    }, 'token');
    if (!method.card) fail('payment_method_unknown', 'Only cards can be saved for autopay.', 'token');
    return {
      token: stripeToken(customer, method.id),
      brand: method.card.brand,
      last4: method.card.last4,
      expMonth: method.card.exp_month,
      expYear: method.card.exp_year,
      gateway: this.name,
    };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const match = TOKEN.exec(request.token);
    if (!match) return { status: 'failed', chargeId: '', declineCode: 'invalid_account', message: 'The saved card is not a Stripe card.' };
    const [, customer, paymentMethod] = match as unknown as [string, string, string];
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency,
          customer,
          payment_method: paymentMethod,
          off_session: true,
          confirm: true,
          // A saved card never redirects the client anywhere; without this Stripe wants a return_url.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: request.description,
          metadata: { duly_tenant: this.tenantId, duly_idempotency_key: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (intent.status === 'succeeded') return { status: 'succeeded', chargeId: intent.id };
      if (intent.status === 'requires_payment_method') {
        const code = intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'generic_decline';
        return { status: 'failed', chargeId: intent.id, declineCode: code, message: intent.last_payment_error?.message ?? 'Your card was declined.' };
      }
      // processing / requires_action: not settled yet; asked again later with the same key (or told by webhook).
      return { status: 'requires_action', chargeId: intent.id };
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw unknownOutcome(error);
      if (isAmbiguous(error)) throw unknownOutcome(error);
      return { status: 'failed', chargeId: error.payment_intent?.id ?? error.charge ?? '', declineCode: declineCodeOf(error), message: error.message };
    }
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.chargeId, amount: request.amount, metadata: { duly_idempotency_key: request.idempotencyKey } },
        { idempotencyKey: request.idempotencyKey },
      );
      if (refund.status === 'failed' || refund.status === 'canceled') throw new Error(`Stripe could not refund: ${refund.failure_reason ?? refund.status}`);
      return { refundId: refund.id };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError && !isAmbiguous(error)) throw new Error(`Stripe refused the refund: ${error.message}`);
      if (error instanceof Stripe.errors.StripeError || isNetworkError(error)) throw unknownOutcome(error);
      throw error;
    }
  }

  /** A SetupIntent to save a card off-session, made once per `key` (one per card-update link). */
  async createSetupIntent(customerRef: string, key: string): Promise<SetupIntentView> {
    const customer = await this.customerFor(customerRef);
    const intent = await call(() =>
      this.stripe.setupIntents.create(
        { customer, usage: 'off_session', metadata: { duly_tenant: this.tenantId, duly_customer: customerRef } },
        { idempotencyKey: key },
      ),
    );
    return setupIntentView(intent);
  }

  async retrieveSetupIntent(id: string): Promise<SetupIntentView> {
    return setupIntentView(await call(() => this.stripe.setupIntents.retrieve(id)));
  }

  /** The Stripe Customer of one of our customers, created (idempotently) the first time. */
  async customerFor(customerRef: string): Promise<string> {
    const known = await this.customers.find(customerRef);
    if (known) return known;
    const created = await call(() =>
      this.stripe.customers.create(
        { metadata: { duly_tenant: this.tenantId, duly_customer: customerRef } },
        { idempotencyKey: `duly_customer_${this.tenantId}_${customerRef}` },
      ),
    );
    return this.customers.remember(customerRef, created.id);
  }
}

function setupIntentView(intent: Stripe.SetupIntent): SetupIntentView {
  const id = (x: string | { id: string } | null) => (x === null ? null : typeof x === 'string' ? x : x.id);
  return { id: intent.id, clientSecret: intent.client_secret, status: intent.status, paymentMethod: id(intent.payment_method), customer: id(intent.customer) };
}

/**
 * Stripe's vocabulary is ours (decline-codes.ts speaks it): the issuer's decline_code when there
 * is one (insufficient_funds, stolen_card ...), else the error code (expired_card,
 * processing_error, authentication_required ...); a bare card_declined is a generic decline.
 */
export function declineCodeOf(error: { code?: string; decline_code?: string }): string {
  if (error.decline_code) return error.decline_code;
  if (error.code && error.code !== 'card_declined') return error.code;
  return 'generic_decline';
}

/** No answer, a timeout, Stripe's own trouble (5xx), a rate limit or a bad key: the charge may or may not exist. */
function isAmbiguous(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripeIdempotencyError ||
    (error.statusCode ?? 0) >= 500
  );
}

function isNetworkError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException)?.code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

function unknownOutcome(error: unknown): GatewayUnavailableError {
  return new GatewayUnavailableError(`Stripe did not answer: ${(error as Error)?.message ?? String(error)}`);
}

/** A non-money call (customers, payment methods, SetupIntents): an API refusal is the caller's 4xx. */
async function call<T>(work: () => Promise<T>, param?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    if (isAmbiguous(error)) fail('gateway_unavailable', `Stripe did not answer: ${error.message}`);
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') {
      fail('payment_method_unknown', `Stripe: ${error.message}`, param);
    }
    fail('stripe_error', `Stripe: ${error.message}`, param);
  }
}
