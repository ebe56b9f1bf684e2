import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/tx.ts';
import {
  type Api,
  advanceDays,
  advanceTo,
  expectAuditClean,
  expectLedgerBalanced,
  gatewayChargesFor,
  invoicesOf,
  monthlyPrice,
  newCustomer,
  openTenant,
} from '../scenarios/scenario-helpers.ts';
import type { TestApp } from '../support/test-app.ts';
import type { FakeStripeApi } from './support/fake-stripe-api.ts';
import { connectStripe, keysFor, startWithFakeStripe } from './support/stripe-test-setup.ts';

describe('a business that takes cards through its own Stripe account', () => {
  let app: TestApp;
  let fake: FakeStripeApi;
  let stop: () => Promise<void>;
  let api: Api;
  let plan: string;
  const keys = keysFor('Lotus');

  beforeAll(async () => {
    ({ app, fake, stop } = await startWithFakeStripe());
    api = await openTenant(app, { name: 'Lotus Yoga', timezone: 'Asia/Ho_Chi_Minh', currency: 'usd', at: '2027-03-01T03:00:00Z' });
    plan = await monthlyPrice(api, 3900);
  });
  afterAll(() => stop());

  const attemptsOf = async (invoice: string) => (await api.ok('GET', `/v1/invoices/${invoice}/payment_attempts`)).data;
  const intentCalls = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');

  it('settings: sandbox until connected; the secrets are stored but never shown again', async () => {
    expect(await api.ok('GET', '/v1/settings/stripe')).toMatchObject({ gateway: 'sandbox', secret_key: null, webhook_secret: null });
    const incomplete = await api.call('POST', '/v1/settings/stripe', { secret_key: keys.secret_key });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error).toMatchObject({ code: 'parameter_missing', param: 'webhook_secret' });
    const malformed = await api.call('POST', '/v1/settings/stripe', { ...keys, secret_key: 'not-a-key' });
    expect(malformed.status).toBe(400);
    const live = await api.call('POST', '/v1/settings/stripe', { ...keys, secret_key: 'sk_live_Real1234', publishable_key: 'pk_live_Real9876' });
    expect(live.status).toBe(400);
    expect(live.body.error).toMatchObject({ code: 'parameter_invalid', param: 'secret_key' });
    expect((await api.ok('GET', '/v1/settings/stripe')).gateway).toBe('sandbox');

    const saved = await connectStripe(api, keys);
    expect(saved).toMatchObject({ gateway: 'stripe', secret_key: 'sk_test_...1234', webhook_secret: 'set', publishable_key: keys.publishable_key });
    expect(saved.webhook_url).toMatch(new RegExp(`/v1/webhooks/stripe/${api.tenantId}$`));
    const shown = JSON.stringify(await api.ok('GET', '/v1/settings/stripe'));
    expect(shown).not.toContain(keys.secret_key);
    expect(shown).not.toContain(keys.webhook_secret);
    // Another business sees its own (unset) settings; without a key there is nothing.
    const other = await openTenant(app, { name: 'Other Studio' });
    expect(await other.ok('GET', '/v1/settings/stripe')).toMatchObject({ gateway: 'sandbox', secret_key: null });
    expect((await app.api(null, 'GET', '/v1/settings/stripe')).status).toBe(401);
  });

  let paidCustomer: string;
  let firstInvoice: any;

  it('saves the card at Stripe and charges autopay renewals off-session, one PaymentIntent per attempt, keyed by our attempt', async () => {
    paidCustomer = await newCustomer(api, 'Mai Tran', 'pm_card_visa');
    const [card] = (await api.ok('GET', `/v1/customers/${paidCustomer}/payment_methods`)).data;
    expect(card).toMatchObject({ card: { brand: 'visa', last4: '4242' }, default: true });
    expect(fake.requests.filter((r) => r.path === '/v1/customers' && r.secretKey === keys.secret_key)).toHaveLength(1);

    const sub = await api.ok('POST', '/v1/subscriptions', { customer: paidCustomer, items: [{ price: plan }] });
    expect(sub.status).toBe('active');
    await advanceTo(api, '2027-04-01T05:00:00Z');
    const invoices = await invoicesOf(api, paidCustomer);
    expect(invoices.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_create', 'paid', 3900],
      ['subscription_cycle', 'paid', 3900],
    ]);
    firstInvoice = invoices[0];
    for (const invoice of invoices) {
      const [attempt] = await attemptsOf(invoice.id);
      expect(attempt).toMatchObject({ status: 'succeeded', attempt_number: 1 });
      expect(attempt.charge).toMatch(/^pi_/);
      const calls = intentCalls().filter((r) => r.idempotencyKey === `duly_${attempt.id}`);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.body).toMatchObject({ amount: '3900', currency: 'usd', off_session: 'true', confirm: 'true' });
      expect(calls[0]!.secretKey).toBe(keys.secret_key);
      // Nothing went through the sandbox.
      expect(await gatewayChargesFor(app, invoice.id)).toEqual([]);
    }
    const intents = fake.paymentIntents(keys.secret_key);
    expect(intents.filter((pi) => pi.status === 'succeeded' && pi.customer === intents[0]!.customer)).toHaveLength(2);
    await expectLedgerBalanced(api, paidCustomer);
  });

  it('insufficient funds: the decline is recorded with its code and retried per policy; each retry is a new attempt with its own key', async () => {
    const customer = await newCustomer(api, 'Short Funds', 'pm_card_chargeDeclinedInsufficientFunds');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    expect(sub.status).toBe('past_due');
    const [invoice] = await invoicesOf(api, customer);
    const [first] = await attemptsOf(invoice.id);
    expect(first).toMatchObject({
      status: 'failed',
      decline_code: 'insufficient_funds',
      decline_kind: 'soft',
      failure_message: 'Your card has insufficient funds.',
    });
    expect(first.charge).toMatch(/^pi_/);
    const retryAt = (await api.ok('GET', `/v1/invoices/${invoice.id}`)).next_payment_attempt;
    expect(retryAt).toBeGreaterThan(Math.floor(Date.parse('2027-04-01T05:00:00Z') / 1000));

    await advanceTo(api, new Date(retryAt * 1000 + 60_000).toISOString());
    const attempts = await attemptsOf(invoice.id);
    expect(attempts.map((a: any) => [a.attempt_number, a.status, a.decline_code])).toEqual([
      [1, 'failed', 'insufficient_funds'],
      [2, 'failed', 'insufficient_funds'],
    ]);
    const keysSent = intentCalls()
      .filter((r) => attempts.some((a: any) => r.idempotencyKey === `duly_${a.id}`))
      .map((r) => r.idempotencyKey);
    expect(keysSent).toEqual(attempts.map((a: any) => `duly_${a.id}`));
  });

  it('a charge whose answer is lost (timeout) stays pending, is asked again with the same key, and Stripe charged exactly once', async () => {
    const customer = await newCustomer(api, 'Slow Network', 'pm_card_visa');
    fake.timeOutAfterNextCharge();
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [invoice] = await invoicesOf(api, customer);
    expect(invoice).toMatchObject({ status: 'open', amount_paid: 0 });
    const [pending] = await attemptsOf(invoice.id);
    expect(pending).toMatchObject({ status: 'pending', charge: null });
    const charged = fake.paymentIntents(keys.secret_key).filter((pi) => pi.metadata.duly_idempotency_key === `duly_${pending.id}`);
    expect(charged).toMatchObject([{ status: 'succeeded', amount: 3900 }]);

    await advanceDays(api, 1);
    const [attempt] = await attemptsOf(invoice.id);
    expect(attempt).toMatchObject({ id: pending.id, status: 'succeeded', charge: charged[0]!.id });
    expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'paid', amount_paid: 3900 });
    // Asked twice with one key; one PaymentIntent exists.
    expect(intentCalls().filter((r) => r.idempotencyKey === `duly_${pending.id}`)).toHaveLength(2);
    expect(fake.paymentIntents(keys.secret_key).filter((pi) => pi.metadata.duly_idempotency_key === `duly_${pending.id}`)).toHaveLength(1);
    expect((await api.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data).toHaveLength(1);
  });

  it('Stripe answering 500 leaves the attempt pending; the retry charges once', async () => {
    const customer = await newCustomer(api, 'Server Trouble', 'pm_card_mastercard');
    fake.failNextWithServerError();
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [invoice] = await invoicesOf(api, customer);
    expect((await attemptsOf(invoice.id))[0]).toMatchObject({ status: 'pending' });
    await advanceDays(api, 1);
    expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'paid' });
    const [attempt] = await attemptsOf(invoice.id);
    expect(fake.paymentIntents(keys.secret_key).filter((pi) => pi.metadata.duly_idempotency_key === `duly_${attempt.id}`)).toHaveLength(1);
  });

  it('refunds through Stripe, against the PaymentIntent, once', async () => {
    const [payment] = (await api.ok('GET', `/v1/payments?invoice=${firstInvoice.id}`)).data;
    const refund = await api.ok('POST', '/v1/refunds', { payment: payment.id, amount: 1000, reason: 'requested_by_customer' });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 1000 });
    const [attempt] = await attemptsOf(firstInvoice.id);
    const atStripe = fake.refunds(keys.secret_key).filter((r) => r.payment_intent === attempt.charge);
    expect(atStripe).toMatchObject([{ amount: 1000, status: 'succeeded' }]);
    expect(fake.requests.filter((r) => r.path === '/v1/refunds' && r.idempotencyKey === `duly_${refund.id}`)).toHaveLength(1);
    // More than what is left is refused by us before Stripe is asked.
    const tooMuch = await api.call('POST', '/v1/refunds', { payment: payment.id, amount: 3000 });
    expect(tooMuch.status).toBe(400);
    expect(fake.refunds(keys.secret_key)).toHaveLength(1);
    await expectLedgerBalanced(api, paidCustomer);
  });

  it('a business without Stripe settings keeps charging through the sandbox in the same installation', async () => {
    const sandbox = await openTenant(app, { name: 'Sandbox Gym', at: '2027-03-01T03:00:00Z' });
    const price = await monthlyPrice(sandbox, 2500);
    const customer = await newCustomer(sandbox, 'Sandbox Member', 'pm_card_visa');
    await sandbox.ok('POST', '/v1/subscriptions', { customer, items: [{ price }] });
    const [invoice] = await invoicesOf(sandbox, customer);
    expect(invoice.status).toBe('paid');
    expect(await gatewayChargesFor(app, invoice.id)).toMatchObject([{ status: 'succeeded' }]);
    const stored = await rows<{ gateway: string }>(app.ctx.db, sql`select gateway from payment_methods where customer_id = ${customer}`);
    expect(stored).toEqual([{ gateway: 'sandbox' }]);
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
