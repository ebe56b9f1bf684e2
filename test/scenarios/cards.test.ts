import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceDays,
  advanceTo,
  clockNow,
  expectAuditClean,
  gatewayChargesFor,
  invoicesOf,
  localInstant,
  monthlyPrice,
  newCustomer,
  openTenant,
} from './scenario-helpers.ts';

describe('test cards: declines, a card that recovers, a gateway answer that is lost', () => {
  let app: TestApp;
  let api: Api;
  let plan: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Riga Boxing', timezone: 'Europe/Riga', currency: 'eur', at: localInstant('2027-02-14', 'Europe/Riga', '11:00:00') });
    plan = await monthlyPrice(api, 4500, { currency: 'eur' });
  });
  afterAll(() => app.stop());

  let stolenInvoice: string;
  const attemptsOf = async (invoice: string) => (await api.ok('GET', `/v1/invoices/${invoice}/payment_attempts`)).data;

  it('pm_card_failFirst2: declined twice for insufficient funds (invoice open, subscription past due), then paid', async () => {
    const customer = await newCustomer(api, 'Short of funds', 'pm_card_failFirst2');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    expect(sub.status).toBe('past_due');
    const [invoice] = await invoicesOf(api, customer);
    expect(invoice).toMatchObject({ status: 'open', amount_remaining: 4500, amount_paid: 0 });
    expect(await attemptsOf(invoice.id)).toMatchObject([{ status: 'failed', decline_code: 'insufficient_funds', decline_kind: 'soft' }]);

    const second = await api.call('POST', `/v1/invoices/${invoice.id}/pay`, {});
    expect(second.status).toBe(402);
    expect(second.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect((await api.ok('GET', `/v1/invoices/${invoice.id}`)).status).toBe('open');

    const third = await api.ok('POST', `/v1/invoices/${invoice.id}/pay`, {});
    expect(third).toMatchObject({ status: 'paid', amount_paid: 4500, amount_remaining: 0, attempt_count: 3 });
    expect((await attemptsOf(invoice.id)).map((a: any) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
    const charges = await gatewayChargesFor(app, invoice.id);
    expect(charges.map((c) => c.status)).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('pm_card_timeoutAfterCharge: the charge goes through once, is recorded as succeeded once after a few minutes', async () => {
    const customer = await newCustomer(api, 'Flaky network', 'pm_card_timeoutAfterCharge');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [invoice] = await invoicesOf(api, customer);
    // The gateway charged but we never heard back: the invoice waits, nothing is recorded yet.
    expect(invoice).toMatchObject({ status: 'open', amount_paid: 0 });
    expect(await attemptsOf(invoice.id)).toMatchObject([{ status: 'pending' }]);
    expect(await gatewayChargesFor(app, invoice.id)).toMatchObject([{ status: 'succeeded' }]);

    const before = await clockNow(api);
    await advanceDays(api, 1);
    expect((await clockNow(api)).getTime()).toBeGreaterThan(before.getTime());
    const attempts = await attemptsOf(invoice.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 'succeeded', attempt_number: 1 });
    // Recorded within minutes, not a day later.
    expect(attempts[0].completed_at - Math.floor(before.getTime() / 1000)).toBeLessThanOrEqual(5 * 60);
    expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'paid', amount_paid: 4500, amount_remaining: 0 });
    const charges = await gatewayChargesFor(app, invoice.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ status: 'succeeded', charge_id: attempts[0].charge });
    expect(Number(charges[0]!.amount)).toBe(4500);
    expect((await api.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data).toHaveLength(1);
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
  });

  it('pm_card_chargeDeclinedStolenCard: a hard decline, the invoice stays open', async () => {
    const customer = await newCustomer(api, 'Stolen card', 'pm_card_chargeDeclinedStolenCard');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    expect(sub.status).toBe('past_due');
    const [invoice] = await invoicesOf(api, customer);
    expect(invoice).toMatchObject({ status: 'open', amount_remaining: 4500 });
    const [attempt] = await attemptsOf(invoice.id);
    expect(attempt).toMatchObject({ status: 'failed', decline_code: 'stolen_card', decline_kind: 'hard' });
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ receivable: 4500 });
    stolenInvoice = invoice.id;
  });

  it('POST /v1/invoices/:id/pay with no body (as Stripe clients send it) tries the card', async () => {
    const retry = await api.call('POST', `/v1/invoices/${stolenInvoice}/pay`);
    expect(retry.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect(retry.status).toBe(402);
  });

  it('a month later the scheduler renews: the lost-answer card is again charged once and recorded once', async () => {
    await // Past every member's renewal day (14 or 15 March).
    await advanceTo(api, localInstant('2027-03-16', 'Europe/Riga', '06:00:00'));
    const customers = (await api.ok('GET', '/v1/customers?limit=100')).data;
    const byName = (name: string) => customers.find((c: any) => c.name === name).id;
    const flaky = await invoicesOf(api, byName('Flaky network'));
    expect(flaky).toHaveLength(2);
    expect(flaky[1]).toMatchObject({ status: 'paid', amount_paid: 4500, billing_reason: 'subscription_cycle' });
    expect(await attemptsOf(flaky[1].id)).toMatchObject([{ status: 'succeeded', attempt_number: 1 }]);
    expect(await gatewayChargesFor(app, flaky[1].id)).toHaveLength(1);
    // The card that failed twice now works on the first try; the stolen card is declined again.
    expect((await invoicesOf(api, byName('Short of funds')))[1]).toMatchObject({ status: 'paid' });
    const stolen = await invoicesOf(api, byName('Stolen card'));
    expect(stolen.map((i) => i.status)).toEqual(['open', 'open']);
    expect(await api.ok('GET', `/v1/customers/${byName('Stolen card')}`)).toMatchObject({ receivable: 9000 });
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
