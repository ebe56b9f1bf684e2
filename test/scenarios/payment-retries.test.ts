import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** B6: a declined autopay is retried according to why it was declined, with nobody lifting a finger. */
describe('decline-aware payment retries', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  async function subscribeWith(apiKey: string, token: string, contact: Record<string, unknown> = {}) {
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', { name: `Member ${token}`, ...contact })).body;
    await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/payment_methods`, { token });
    const product = (await app.api(apiKey, 'POST', '/v1/products', { name: 'Membership' })).body;
    const price = (await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' } }))
      .body;
    const sub = (await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }] })).body;
    const [invoice] = (await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.id}`)).body.data;
    return { customer, sub, invoiceId: invoice.id as string };
  }
  const invoice = (apiKey: string, id: string) => app.api(apiKey, 'GET', `/v1/invoices/${id}`).then((r) => r.body);
  const attempts = (apiKey: string, id: string) => app.api(apiKey, 'GET', `/v1/invoices/${id}/payment_attempts`).then((r) => r.body.data);

  it('a card that fails twice with insufficient funds is retried days apart and recovers; the subscription is active again', async () => {
    const { apiKey } = await app.tenant({ name: 'Retry Gym', timezone: 'UTC' });
    const { sub, invoiceId } = await subscribeWith(apiKey, 'pm_card_failFirst2');
    const first = await invoice(apiKey, invoiceId);
    expect(first).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(first.next_payment_attempt).toBeGreaterThan(first.status_transitions.finalized_at + 2 * 86_400);
    expect((await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).body.status).toBe('past_due');

    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 25 });
    const settled = await invoice(apiKey, invoiceId);
    expect(settled).toMatchObject({ status: 'paid', attempt_count: 3, next_payment_attempt: null });
    const log = await attempts(apiKey, invoiceId);
    expect(log.map((a: { status: string; decline_code: string | null }) => [a.status, a.decline_code])).toEqual([
      ['failed', 'insufficient_funds'],
      ['failed', 'insufficient_funds'],
      ['succeeded', null],
    ]);
    // Retries are days apart, never on the same day.
    expect(log[1].created - log[0].created).toBeGreaterThanOrEqual(2 * 86_400);
    expect((await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).body.status).toBe('active');
  });

  it('never retries a stolen card, and gives up on insufficient funds after four retries within three weeks', async () => {
    const { apiKey } = await app.tenant({ name: 'Hard Decline Gym', timezone: 'UTC' });
    const stolen = await subscribeWith(apiKey, 'pm_card_chargeDeclinedStolenCard');
    const broke = await subscribeWith(apiKey, 'pm_card_chargeDeclinedInsufficientFunds');
    expect((await invoice(apiKey, stolen.invoiceId)).next_payment_attempt).toBeNull();
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 27 });
    expect(await attempts(apiKey, stolen.invoiceId)).toHaveLength(1);
    const brokeAttempts = await attempts(apiKey, broke.invoiceId);
    expect(brokeAttempts.length).toBeGreaterThanOrEqual(4);
    expect(brokeAttempts.length).toBeLessThanOrEqual(5);
    const last = brokeAttempts.at(-1);
    expect(last.created - brokeAttempts[0].created).toBeLessThanOrEqual(21 * 86_400);
    expect((await invoice(apiKey, broke.invoiceId)).next_payment_attempt).toBeNull();
  });

  it('an expired card waits for a new card (saved on day 5) and is charged as soon as it is saved', async () => {
    const { apiKey } = await app.tenant({ name: 'Expired Card Gym', timezone: 'UTC' });
    const { customer, invoiceId } = await subscribeWith(apiKey, 'pm_card_chargeDeclinedExpiredCard');
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 5 });
    expect(await attempts(apiKey, invoiceId)).toHaveLength(1);
    expect((await invoice(apiKey, invoiceId)).status).toBe('open');
    await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/payment_methods`, { token: 'pm_card_visa' });
    const clock = (await app.api(apiKey, 'GET', '/v1/test_clock')).body.frozen_time;
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(Date.parse(clock) + 60_000).toISOString() });
    const paid = await invoice(apiKey, invoiceId);
    expect(paid.status).toBe('paid');
    const log = await attempts(apiKey, invoiceId);
    expect(log.at(-1)).toMatchObject({ status: 'succeeded', attempt_number: 2 });
    expect(log.at(-1).created - Date.parse(clock) / 1000).toBeLessThanOrEqual(60);
    expect(await runAudit(app.ctx.db)).toEqual([]);
  });

  it('follows seed 000: owner told of each failure, the client asked to contact the business after the second, service suspended when retries run out', async () => {
    const { apiKey } = await app.tenant({ name: 'Piano Teacher', timezone: 'UTC' });
    expect((await app.api(apiKey, 'POST', '/v1/business', { owner_email: 'owner@piano.example' })).status).toBe(200);
    const { customer, sub, invoiceId } = await subscribeWith(apiKey, 'pm_card_chargeDeclinedInsufficientFunds', { email: 'pupil@example.com' });
    const sent = async () => {
      const all = (await app.api(apiKey, 'GET', '/v1/messages?limit=100')).body.data as { template: string; recipient: string; customer: string | null }[];
      return {
        owner: all.filter((m) => m.template === 'payment_failed_owner' && m.recipient === 'owner@piano.example').length,
        client: all.filter((m) => m.template === 'payment_failed_client' && m.customer === customer.id).length,
      };
    };
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    expect(await sent()).toEqual({ owner: 1, client: 0 });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 6 });
    const afterSecond = await sent();
    expect(afterSecond.owner).toBeGreaterThanOrEqual(2);
    expect(afterSecond.client).toBeGreaterThanOrEqual(1);
    expect((await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).body.status).toBe('past_due');
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 20 });
    expect((await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).body.status).toBe('unpaid');
    expect((await invoice(apiKey, invoiceId)).status).toBe('open');
  });
});
