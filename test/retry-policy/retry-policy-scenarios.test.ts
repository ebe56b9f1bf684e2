import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DAY = 86_400;

/** B6 + seed 000: the business's retry policy decides when a declined card is charged again and what happens when retries run out. */
describe('tenant retry policy on the simulated clock', { timeout: 400_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  async function business(name: string, policy?: Record<string, unknown>) {
    const { apiKey } = await app.tenant({ name, timezone: 'UTC' });
    expect((await app.api(apiKey, 'POST', '/v1/business', { owner_email: 'owner@example.com' })).status).toBe(200);
    if (policy) expect((await app.api(apiKey, 'POST', '/v1/settings/retry_policy', policy)).status).toBe(200);
    return apiKey;
  }

  async function subscribe(apiKey: string, token: string) {
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', { name: `Member ${token}`, email: 'member@example.com' })).body;
    await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/payment_methods`, { token });
    const product = (await app.api(apiKey, 'POST', '/v1/products', { name: 'Membership' })).body;
    const price = (await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' } }))
      .body;
    const sub = (await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }] })).body;
    const [invoice] = (await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.id}`)).body.data;
    return { customer, sub, invoiceId: invoice.id as string };
  }
  const attempts = (apiKey: string, invoiceId: string) =>
    app
      .api(apiKey, 'GET', `/v1/invoices/${invoiceId}/payment_attempts`)
      .then((r) => r.body.data as { created: number; decline_code: string; status: string }[]);
  const subscription = (apiKey: string, id: string) => app.api(apiKey, 'GET', `/v1/subscriptions/${id}`).then((r) => r.body);
  const invoicesOf = (apiKey: string, customerId: string) => app.api(apiKey, 'GET', `/v1/invoices?customer=${customerId}`).then((r) => r.body.data);
  const ownerNotices = (apiKey: string) =>
    app
      .api(apiKey, 'GET', '/v1/messages?limit=100')
      .then((r) => (r.body.data as { template: string; recipient: string }[]).filter((m) => m.template === 'payment_failed_owner').length);
  const advance = (apiKey: string, days: number) => app.api(apiKey, 'POST', '/v1/test_clock/advance', { days });

  it('a fixed policy retries every N days, exactly max_retries times, whatever the soft decline', async () => {
    const apiKey = await business('Fixed Gym', { strategy: 'fixed', interval_days: 2, max_retries: 3 });
    const { sub, invoiceId } = await subscribe(apiKey, 'pm_card_chargeDeclinedInsufficientFunds');
    await advance(apiKey, 9);
    const log = await attempts(apiKey, invoiceId);
    expect(log).toHaveLength(1 + 3);
    expect(log.every((a) => a.status === 'failed' && a.decline_code === 'insufficient_funds')).toBe(true);
    const gaps = log.slice(1).map((a, i) => a.created - log[i]!.created);
    expect(gaps).toEqual([2 * DAY, 2 * DAY, 2 * DAY]);
    expect((await app.api(apiKey, 'GET', `/v1/invoices/${invoiceId}`)).body).toMatchObject({ status: 'open', next_payment_attempt: null, attempt_count: 4 });
    // Default on_exhausted: unpaid, today's behaviour.
    expect((await subscription(apiKey, sub.id)).status).toBe('unpaid');
  });

  it('a fixed policy that recovers: the card pays on the second retry and the subscription is active again', async () => {
    const apiKey = await business('Fixed Recovery Gym', { strategy: 'fixed', interval_days: 1, max_retries: 4 });
    const { sub, invoiceId } = await subscribe(apiKey, 'pm_card_failFirst2');
    await advance(apiKey, 5);
    const log = await attempts(apiKey, invoiceId);
    expect(log.map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(log[2]!.created - log[0]!.created).toBe(2 * DAY);
    expect((await subscription(apiKey, sub.id)).status).toBe('active');
  });

  it("on_exhausted 'canceled' cancels the subscription when retries run out: no more renewals, the owner told of every failure", async () => {
    const apiKey = await business('Cancel Gym', { strategy: 'fixed', interval_days: 1, max_retries: 2, on_exhausted: 'canceled' });
    const { customer, sub, invoiceId } = await subscribe(apiKey, 'pm_card_chargeDeclinedInsufficientFunds');
    await advance(apiKey, 3);
    expect(await attempts(apiKey, invoiceId)).toHaveLength(3);
    const canceled = await subscription(apiKey, sub.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(await ownerNotices(apiKey)).toBe(3);
    await advance(apiKey, 33);
    const invoices = await invoicesOf(apiKey, customer.id);
    expect(invoices).toHaveLength(1);
    // The money is still owed: canceling the service does not forgive the invoice.
    expect(invoices[0].id).toBe(invoiceId);
    expect((await app.api(apiKey, 'GET', `/v1/invoices/${invoiceId}`)).body).toMatchObject({ status: 'open', next_payment_attempt: null });
    expect(await attempts(apiKey, invoiceId)).toHaveLength(3);
    expect(await runAudit(app.ctx.db)).toEqual([]);
  });

  it("on_exhausted 'paused' pauses the subscription: no renewals while paused", async () => {
    const apiKey = await business('Pause Gym', { strategy: 'fixed', interval_days: 1, max_retries: 1, on_exhausted: 'paused' });
    const { customer, sub } = await subscribe(apiKey, 'pm_card_chargeDeclinedInsufficientFunds');
    await advance(apiKey, 2);
    expect((await subscription(apiKey, sub.id)).status).toBe('paused');
    await advance(apiKey, 33);
    expect(await invoicesOf(apiKey, customer.id)).toHaveLength(1);
    expect((await subscription(apiKey, sub.id)).status).toBe('paused');
  });

  it('smart and fixed policies never retry a stolen card; only a fixed policy told to retry hard declines does', async () => {
    const smart = await business('Smart Stolen Gym', { on_exhausted: 'canceled' });
    const fixed = await business('Fixed Stolen Gym', { strategy: 'fixed', interval_days: 1, on_exhausted: 'canceled' });
    const naive = await business('Naive Stolen Gym', { strategy: 'fixed', interval_days: 1, retry_hard_declines: true });
    const bySmart = await subscribe(smart, 'pm_card_chargeDeclinedStolenCard');
    const byFixed = await subscribe(fixed, 'pm_card_chargeDeclinedStolenCard');
    const byNaive = await subscribe(naive, 'pm_card_chargeDeclinedStolenCard');
    for (const key of [smart, fixed, naive]) await advance(key, 8);
    expect(await attempts(smart, bySmart.invoiceId)).toHaveLength(1);
    expect(await attempts(fixed, byFixed.invoiceId)).toHaveLength(1);
    // Waiting for a new card is not "retries exhausted": the subscription stays past due.
    expect((await subscription(smart, bySmart.sub.id)).status).toBe('past_due');
    expect((await subscription(fixed, byFixed.sub.id)).status).toBe('past_due');
    const wasted = await attempts(naive, byNaive.invoiceId);
    expect(wasted).toHaveLength(5);
    expect(wasted.every((a) => a.decline_code === 'stolen_card')).toBe(true);
    expect((await subscription(naive, byNaive.sub.id)).status).toBe('unpaid');
  });

  it("one business's policy does not change another business's retries", async () => {
    const a = await business('Policy A', { strategy: 'fixed', interval_days: 1, max_retries: 2, on_exhausted: 'canceled' });
    const b = await business('Policy B');
    const inA = await subscribe(a, 'pm_card_chargeDeclinedInsufficientFunds');
    const inB = await subscribe(b, 'pm_card_chargeDeclinedInsufficientFunds');
    await advance(a, 4);
    await advance(b, 4);
    expect(await attempts(a, inA.invoiceId)).toHaveLength(3);
    expect((await subscription(a, inA.sub.id)).status).toBe('canceled');
    // B keeps the smart default: first retry three days later at the earliest, still past due.
    const inBLog = await attempts(b, inB.invoiceId);
    expect(inBLog.length).toBeLessThanOrEqual(2);
    if (inBLog.length === 2) expect(inBLog[1]!.created - inBLog[0]!.created).toBeGreaterThanOrEqual(2 * DAY);
    expect((await subscription(b, inB.sub.id)).status).toBe('past_due');
  });
});
