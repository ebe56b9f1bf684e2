/**
 * A local stand-in for api.stripe.com, started by a test on 127.0.0.1 (random port) and reached
 * by the real `stripe` SDK through its host/port/protocol options. It implements only what Duly
 * calls: customers, payment methods (retrieve/attach), PaymentIntents (off-session, confirm),
 * refunds and SetupIntents, with Stripe-shaped objects and errors, per secret key (one account
 * per key), honouring Idempotency-Key like Stripe: the same key replays the first response.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Json = Record<string, any>;
type Behaviour = { decline?: { code: string; decline_code?: string; message: string } };
type TestCard = { brand: string; last4: string; behaviour: Behaviour };

const declined = (decline_code: string, message: string) => ({ decline: { code: 'card_declined', decline_code, message } });
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', behaviour: {} },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', behaviour: {} },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', behaviour: declined('generic_decline', 'Your card was declined.') },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', behaviour: declined('insufficient_funds', 'Your card has insufficient funds.') },
  pm_card_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', behaviour: declined('stolen_card', 'Your card was declined.') },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', behaviour: declined('lost_card', 'Your card was declined.') },
  pm_card_chargeDeclinedFraudulent: { brand: 'visa', last4: '0019', behaviour: declined('fraudulent', 'Your card was declined.') },
  pm_card_chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    behaviour: { decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' } },
  },
  pm_card_chargeDeclinedProcessingError: {
    brand: 'visa',
    last4: '0119',
    behaviour: { decline: { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' } },
  },
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    behaviour: {
      decline: {
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      },
    },
  },
};

type Account = {
  customers: Map<string, Json>;
  paymentMethods: Map<string, Json & { behaviour: Behaviour }>;
  paymentIntents: Map<string, Json>;
  refunds: Map<string, Json>;
  setupIntents: Map<string, Json>;
  idempotency: Map<string, { hash: string; status: number; body: Json }>;
};

export type RecordedRequest = { method: string; path: string; secretKey: string; idempotencyKey: string | null; body: Json };

export class FakeStripeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly accounts = new Map<string, Account>();
  private server!: Server;
  private pendingTimeouts = 0;
  private pendingServerErrors = 0;
  private held: ServerResponse[] = [];
  private now = () => Math.floor(Date.now() / 1000);
  url = '';

  static async start(): Promise<FakeStripeApi> {
    const fake = new FakeStripeApi();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop() {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next PaymentIntent is charged and stored, but its answer never arrives (the caller times out). */
  timeOutAfterNextCharge() {
    this.pendingTimeouts++;
  }

  /** The next request to any endpoint fails with a 500 before anything happens. */
  failNextWithServerError() {
    this.pendingServerErrors++;
  }

  /** PaymentIntents created on an account (one per distinct idempotency key). */
  paymentIntents(secretKey: string): Json[] {
    return [...this.account(secretKey).paymentIntents.values()];
  }

  refunds(secretKey: string): Json[] {
    return [...this.account(secretKey).refunds.values()];
  }

  setupIntents(secretKey: string): Json[] {
    return [...this.account(secretKey).setupIntents.values()];
  }

  /** What Stripe.js does in the client's browser: the SetupIntent is confirmed with a new card. */
  confirmSetupIntent(secretKey: string, setupIntentId: string, testCard: string): Json {
    const account = this.account(secretKey);
    const intent = account.setupIntents.get(setupIntentId);
    if (!intent) throw new Error(`no setup intent ${setupIntentId}`);
    const pm = this.createPaymentMethod(account, testCard, intent.customer);
    Object.assign(intent, { status: 'succeeded', payment_method: pm.id });
    return intent;
  }

  private account(secretKey: string): Account {
    let account = this.accounts.get(secretKey);
    if (!account) {
      account = {
        customers: new Map(),
        paymentMethods: new Map(),
        paymentIntents: new Map(),
        refunds: new Map(),
        setupIntents: new Map(),
        idempotency: new Map(),
      };
      this.accounts.set(secretKey, account);
    }
    return account;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseForm(raw);
    const path = (req.url ?? '/').split('?')[0]!;
    const secretKey = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
    this.requests.push({ method: req.method ?? 'GET', path, secretKey, idempotencyKey, body });
    const send = (status: number, json: Json) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
      res.end(JSON.stringify(json));
    };
    if (!secretKey.startsWith('sk_')) return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
    if (this.pendingServerErrors > 0) {
      this.pendingServerErrors--;
      return send(500, { error: { type: 'api_error', message: 'An unknown error occurred (fake).' } });
    }
    const account = this.account(secretKey);
    if (req.method === 'POST' && idempotencyKey) {
      const hash = createHash('sha256').update(`${path}\n${raw}`).digest('hex');
      const earlier = account.idempotency.get(idempotencyKey);
      if (earlier) {
        if (earlier.hash !== hash) {
          return send(400, {
            error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' },
          });
        }
        res.setHeader('idempotent-replayed', 'true');
        return send(earlier.status, earlier.body);
      }
      const [status, json] = this.route(account, req.method, path, body);
      account.idempotency.set(idempotencyKey, { hash, status, body: json });
      if (path === '/v1/payment_intents' && this.pendingTimeouts > 0) {
        // Charged and remembered, but the answer is lost on the way back.
        this.pendingTimeouts--;
        this.held.push(res);
        return;
      }
      return send(status, json);
    }
    const [status, json] = this.route(account, req.method ?? 'GET', path, body);
    send(status, json);
  }

  private route(account: Account, method: string, path: string, body: Json): [number, Json] {
    const parts = path.split('/').filter(Boolean); // ['v1', resource, id?, action?]
    const [, resource, id, action] = parts;
    const missing = (what: string, x: string): [number, Json] => [
      404,
      { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${x}'`, param: 'id' } },
    ];
    if (resource === 'customers') {
      if (method === 'POST' && !id) {
        const customer = { id: `cus_${rand()}`, object: 'customer', created: this.now(), metadata: body.metadata ?? {}, livemode: false };
        account.customers.set(customer.id, customer);
        return [200, customer];
      }
      const customer = id ? account.customers.get(id) : undefined;
      return customer ? [200, customer] : missing('customer', id ?? '');
    }
    if (resource === 'payment_methods' && id) {
      if (method === 'POST' && action === 'attach') {
        if (!account.customers.has(body.customer)) return missing('customer', body.customer);
        if (TEST_CARDS[id]) return [200, publicPm(this.createPaymentMethod(account, id, body.customer))];
        const pm = account.paymentMethods.get(id);
        if (!pm) return missing('payment_method', id);
        pm.customer = body.customer;
        return [200, publicPm(pm)];
      }
      const card = TEST_CARDS[id];
      if (card) return [200, publicPm(pmObject(id, card, null))];
      const pm = account.paymentMethods.get(id);
      return pm ? [200, publicPm(pm)] : missing('payment_method', id);
    }
    if (resource === 'payment_intents') {
      if (method === 'GET' && id) {
        const intent = account.paymentIntents.get(id);
        return intent ? [200, intent] : missing('payment_intent', id);
      }
      return this.createPaymentIntent(account, body);
    }
    if (resource === 'refunds' && method === 'POST') {
      const intent = account.paymentIntents.get(body.payment_intent);
      if (intent?.status !== 'succeeded') return missing('payment_intent', body.payment_intent);
      const amount = body.amount === undefined ? intent.amount - intent.amount_refunded : Number(body.amount);
      if (amount <= 0 || intent.amount_refunded + amount > intent.amount) {
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              code: 'charge_already_refunded',
              message: `Refund amount is greater than unrefunded amount on charge.`,
              param: 'amount',
            },
          },
        ];
      }
      intent.amount_refunded += amount;
      const refund = {
        id: `re_${rand()}`,
        object: 'refund',
        amount,
        currency: intent.currency,
        charge: intent.latest_charge,
        payment_intent: intent.id,
        status: 'succeeded',
        metadata: body.metadata ?? {},
        created: this.now(),
      };
      account.refunds.set(refund.id, refund);
      return [200, refund];
    }
    if (resource === 'setup_intents') {
      if (method === 'GET' && id) {
        const intent = account.setupIntents.get(id);
        return intent ? [200, intent] : missing('setup_intent', id);
      }
      if (!account.customers.has(body.customer)) return missing('customer', body.customer);
      const sid = `seti_${rand()}`;
      const intent = {
        id: sid,
        object: 'setup_intent',
        client_secret: `${sid}_secret_${rand()}`,
        customer: body.customer,
        usage: body.usage ?? 'off_session',
        status: 'requires_payment_method',
        payment_method: null,
        metadata: body.metadata ?? {},
        created: this.now(),
      };
      account.setupIntents.set(sid, intent);
      return [200, intent];
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } }];
  }

  private createPaymentIntent(account: Account, body: Json): [number, Json] {
    const pm = account.paymentMethods.get(body.payment_method);
    if (!pm)
      return [
        400,
        {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such PaymentMethod: '${body.payment_method}'`,
            param: 'payment_method',
          },
        },
      ];
    // Automatic payment methods are on by default; confirming then needs a return_url unless redirects are ruled out.
    if (body.automatic_payment_methods?.allow_redirects !== 'never' && !body.return_url) {
      return [400, { error: { type: 'invalid_request_error', message: 'A return_url is required to confirm this PaymentIntent.', param: 'return_url' } }];
    }
    if (pm.customer !== body.customer) {
      return [
        400,
        { error: { type: 'invalid_request_error', message: 'The provided PaymentMethod is not attached to this customer.', param: 'payment_method' } },
      ];
    }
    const id = `pi_${rand()}`;
    const charge = `ch_${rand()}`;
    const decline = pm.behaviour.decline;
    const intent: Json = {
      id,
      object: 'payment_intent',
      amount: Number(body.amount),
      amount_refunded: 0,
      currency: body.currency,
      customer: body.customer,
      payment_method: pm.id,
      description: body.description ?? null,
      metadata: body.metadata ?? {},
      latest_charge: charge,
      status: decline ? 'requires_payment_method' : 'succeeded',
      last_payment_error: decline ? { type: 'card_error', charge, ...decline } : null,
      created: this.now(),
      livemode: false,
    };
    account.paymentIntents.set(id, intent);
    if (!decline) return [200, intent];
    return [402, { error: { type: 'card_error', charge, ...decline, payment_intent: intent, doc_url: `https://docs.stripe.com/error-codes/${decline.code}` } }];
  }

  private createPaymentMethod(account: Account, testCard: string, customer: string | null) {
    const card = TEST_CARDS[testCard];
    if (!card) throw new Error(`unknown test card ${testCard}`);
    const pm = pmObject(`pm_${rand()}`, card, customer);
    account.paymentMethods.set(pm.id, pm);
    return pm;
  }
}

function pmObject(id: string, card: TestCard, customer: string | null) {
  return {
    id,
    object: 'payment_method',
    type: 'card',
    customer,
    card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, funding: 'credit' },
    behaviour: card.behaviour,
  };
}

const publicPm = ({ behaviour: _, ...pm }: Json) => pm;
const rand = () => randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');

/** Stripe's form encoding: `metadata[k]=v`, `payment_method_types[0]=card`. */
function parseForm(raw: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    for (const part of path.slice(0, -1)) node = node[part] ??= {};
    node[path[path.length - 1]!] = value;
  }
  return out;
}

/** A webhook delivery as Stripe signs it (t=..., v1=HMAC-SHA256), for POST /v1/webhooks/stripe/:tenant. */
export function signedStripeEvent(secret: string, type: string, object: Json, id = `evt_${rand()}`, signedAt = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify({ id, object: 'event', api_version: '2026-10-28.endive', created: signedAt, livemode: false, type, data: { object } });
  const header = new Stripe('sk_test_signing_only').webhooks.generateTestHeaderString({ payload, secret, timestamp: signedAt });
  return { id, payload, header };
}
