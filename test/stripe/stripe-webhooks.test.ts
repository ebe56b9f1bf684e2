import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, expectAuditClean, expectLedgerBalanced, invoicesOf, monthlyPrice, newCustomer, openTenant } from '../scenarios/scenario-helpers.ts';
import type { TestApp } from '../support/test-app.ts';
import { type FakeStripeApi, signedStripeEvent } from './support/fake-stripe-api.ts';
import { connectStripe, countRows, deliverWebhook, keysFor, startWithFakeStripe } from './support/stripe-test-setup.ts';

describe('Stripe webhooks: signed per business, applied once', () => {
  let app: TestApp;
  let fake: FakeStripeApi;
  let stop: () => Promise<void>;
  let a: Api;
  let b: Api;
  const keysA = keysFor('Alpha');
  const keysB = keysFor('Bravo');
  let invoice: any;
  let attempt: any;
  let intent: any;

  beforeAll(async () => {
    ({ app, fake, stop } = await startWithFakeStripe());
    a = await openTenant(app, { name: 'Alpha Pilates', at: '2027-05-03T09:00:00Z' });
    b = await openTenant(app, { name: 'Bravo Dance', at: '2027-05-03T09:00:00Z' });
    await connectStripe(a, keysA);
    await connectStripe(b, keysB);
    // A charge whose answer was lost: Stripe charged it, our attempt is still pending.
    const plan = await monthlyPrice(a, 5200);
    const customer = await newCustomer(a, 'Linh Pham', 'pm_card_visa');
    fake.timeOutAfterNextCharge();
    await a.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    [invoice] = await invoicesOf(a, customer);
    [attempt] = (await a.ok('GET', `/v1/invoices/${invoice.id}/payment_attempts`)).data;
    [intent] = fake.paymentIntents(keysA.secret_key);
  });
  afterAll(() => stop());

  const unchanged = async () => {
    expect(await a.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'open', amount_paid: 0 });
    expect((await a.ok('GET', `/v1/invoices/${invoice.id}/payment_attempts`)).data).toMatchObject([{ id: attempt.id, status: 'pending' }]);
    expect((await a.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data).toEqual([]);
    expect(await countRows(app, 'stripe_events', a.tenantId)).toBe(0);
  };

  it('starts from a pending attempt that Stripe did charge', async () => {
    expect(attempt).toMatchObject({ status: 'pending' });
    expect(intent).toMatchObject({ status: 'succeeded', amount: 5200, metadata: { duly_idempotency_key: `duly_${attempt.id}` } });
  });

  it('a bad, missing or stale signature is refused with 400 and changes nothing', async () => {
    const event = signedStripeEvent(keysA.webhook_secret, 'payment_intent.succeeded', intent);
    const forged = signedStripeEvent('whsec_guessed', 'payment_intent.succeeded', intent, event.id);
    // Genuinely signed, but an hour ago: a captured delivery replayed later.
    const stale = signedStripeEvent(keysA.webhook_secret, 'payment_intent.succeeded', intent, event.id, Math.floor(Date.now() / 1000) - 3600);
    for (const delivery of [
      { payload: event.payload, header: forged.header },
      { payload: event.payload },
      stale,
      { payload: event.payload.replace('"amount":5200', '"amount":5300'), header: event.header },
      { payload: event.payload, header: event.header.replace(/v1=[0-9a-f]+/, 'v1=00') },
    ]) {
      const response = await deliverWebhook(app, a.tenantId, delivery);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'stripe_signature_invalid' });
    }
    await unchanged();
  });

  it("business B's webhook secret does not open business A's endpoint (and A's event is not B's)", async () => {
    const signedByB = signedStripeEvent(keysB.webhook_secret, 'payment_intent.succeeded', intent);
    expect((await deliverWebhook(app, a.tenantId, signedByB)).status).toBe(400);
    // Correctly signed for B, B has no such attempt: nothing happens anywhere.
    const atB = await deliverWebhook(app, b.tenantId, signedByB);
    expect(atB).toMatchObject({ status: 200, body: { outcome: 'not_ours' } });
    await unchanged();
    expect((await deliverWebhook(app, 'ten_doesnotexist', signedByB)).status).toBe(404);
  });

  it('payment_intent.succeeded settles the pending attempt; delivered twice, it is applied once', async () => {
    const event = signedStripeEvent(keysA.webhook_secret, 'payment_intent.succeeded', intent);
    const first = await deliverWebhook(app, a.tenantId, event);
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false, outcome: 'payment_recorded' } });
    const paid = await a.ok('GET', `/v1/invoices/${invoice.id}`);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 5200 });
    const ledgerBefore = await expectLedgerBalanced(a, invoice.customer);

    const again = await deliverWebhook(app, a.tenantId, event);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, outcome: 'payment_recorded' } });
    expect((await a.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data).toHaveLength(1);
    expect(await expectLedgerBalanced(a, invoice.customer)).toEqual(ledgerBefore);
    expect((await a.ok('GET', `/v1/invoices/${invoice.id}/payment_attempts`)).data).toMatchObject([{ id: attempt.id, status: 'succeeded', charge: intent.id }]);
    // A new event id about the same charge finds it recorded.
    const other = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'payment_intent.succeeded', intent));
    expect(other.body).toMatchObject({ duplicate: false, outcome: 'already_recorded' });
    expect((await a.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data).toHaveLength(1);
  });

  it('payment_intent.payment_failed records a lost decline with its code, and the retry policy takes over', async () => {
    const plan = await monthlyPrice(a, 4100);
    const customer = await newCustomer(a, 'Lost Decline', 'pm_card_chargeDeclinedInsufficientFunds');
    fake.timeOutAfterNextCharge();
    await a.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [open] = await invoicesOf(a, customer);
    const [pendingAttempt] = (await a.ok('GET', `/v1/invoices/${open.id}/payment_attempts`)).data;
    expect(pendingAttempt.status).toBe('pending');
    const declined = fake.paymentIntents(keysA.secret_key).find((pi) => pi.metadata.duly_idempotency_key === `duly_${pendingAttempt.id}`)!;
    expect(declined.status).toBe('requires_payment_method');
    const response = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'payment_intent.payment_failed', declined));
    expect(response.body).toMatchObject({ outcome: 'decline_recorded' });
    expect((await a.ok('GET', `/v1/invoices/${open.id}/payment_attempts`)).data).toMatchObject([
      { id: pendingAttempt.id, status: 'failed', decline_code: 'insufficient_funds', decline_kind: 'soft', charge: declined.id },
    ]);
    const after = await a.ok('GET', `/v1/invoices/${open.id}`);
    expect(after).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(after.next_payment_attempt).toBeGreaterThan(Math.floor(Date.parse('2027-05-03T09:00:00Z') / 1000));
  });

  it('charge.dispute.created and .closed land on the dispute of that payment', async () => {
    const [payment] = (await a.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data;
    const dispute = {
      id: 'dp_1Stripe',
      object: 'dispute',
      amount: 5200,
      currency: 'usd',
      charge: intent.latest_charge,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
      evidence_details: { due_by: Math.floor(Date.parse('2027-05-20T00:00:00Z') / 1000) },
    };
    const created = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'charge.dispute.created', dispute));
    expect(created.body).toMatchObject({ outcome: 'dispute_opened' });
    const [opened] = (await a.ok('GET', '/v1/disputes')).data;
    expect(opened).toMatchObject({ payment: payment.id, amount: 5200, reason: 'fraudulent', status: 'needs_response', gateway_dispute: 'dp_1Stripe' });
    const closed = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'charge.dispute.closed', { ...dispute, status: 'lost' }));
    expect(closed.body).toMatchObject({ outcome: 'dispute_lost' });
    expect((await a.ok('GET', '/v1/disputes')).data).toMatchObject([{ id: opened.id, status: 'lost' }]);
    await expectLedgerBalanced(a, invoice.customer);
  });

  it('setup_intent.succeeded saves the confirmed card once, even if the client also reports it', async () => {
    const customer = await newCustomer(a, 'New Client');
    const stripeCustomer = await app.ctx.stripe.gatewayFor(a.tenantId).then((g) => g!.customerFor(customer));
    const setup = await app.ctx.stripe.gatewayFor(a.tenantId).then((g) => g!.createSetupIntent(customer, `test_${customer}`));
    const confirmed = fake.confirmSetupIntent(keysA.secret_key, setup.id, 'pm_card_mastercard');
    const event = signedStripeEvent(keysA.webhook_secret, 'setup_intent.succeeded', confirmed);
    expect((await deliverWebhook(app, a.tenantId, event)).body).toMatchObject({ outcome: 'card_saved' });
    expect((await deliverWebhook(app, a.tenantId, event)).body).toMatchObject({ duplicate: true });
    const attached = signedStripeEvent(keysA.webhook_secret, 'payment_method.attached', {
      id: confirmed.payment_method,
      object: 'payment_method',
      type: 'card',
      customer: stripeCustomer,
    });
    expect((await deliverWebhook(app, a.tenantId, attached)).body).toMatchObject({ outcome: 'card_saved' });
    const cards = (await a.ok('GET', `/v1/customers/${customer}/payment_methods`)).data;
    expect(cards).toMatchObject([{ card: { brand: 'mastercard', last4: '4444' }, default: true }]);
  });

  it('charge.refunded for a refund made in the Stripe dashboard books it once', async () => {
    const plan = await monthlyPrice(a, 8000);
    const customer = await newCustomer(a, 'Dashboard Refund', 'pm_card_visa');
    await a.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [paid] = await invoicesOf(a, customer);
    const [payment] = (await a.ok('GET', `/v1/payments?invoice=${paid.id}`)).data;
    const charge = {
      id: 'ch_dashboard',
      object: 'charge',
      payment_intent: payment.reference,
      amount: 8000,
      amount_refunded: 3000,
      refunds: { object: 'list', data: [{ id: 're_dashboard1', object: 'refund', amount: 3000 }] },
    };
    const first = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'charge.refunded', charge));
    expect(first.body).toMatchObject({ outcome: 'refund_recorded' });
    expect(await a.ok('GET', `/v1/payments/${payment.id}`)).toMatchObject({ amount: 8000, amount_refunded: 3000 });
    const ledger = await expectLedgerBalanced(a, customer);
    expect(ledger.filter((e) => e.source_type === 'refund').reduce((sum, e) => sum + e.debit, 0)).toBe(3000);
    // Stripe reports the same refund again under another event: nothing more is booked.
    const second = await deliverWebhook(app, a.tenantId, signedStripeEvent(keysA.webhook_secret, 'charge.refunded', charge));
    expect(second.body).toMatchObject({ duplicate: false, outcome: 'already_recorded' });
    expect(await a.ok('GET', `/v1/payments/${payment.id}`)).toMatchObject({ amount_refunded: 3000 });
    expect(await expectLedgerBalanced(a, customer)).toEqual(ledger);
  });

  it('events Duly does not use are acknowledged and ignored', async () => {
    const event = signedStripeEvent(keysA.webhook_secret, 'customer.updated', { id: 'cus_x', object: 'customer' });
    expect(await deliverWebhook(app, a.tenantId, event)).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
