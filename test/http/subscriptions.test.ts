import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

describe('subscriptions API', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  let f: ReturnType<typeof fixtures>;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
    f = fixtures(app, apiKey);
  });
  afterAll(() => app.stop());

  async function subscribed(body: Record<string, unknown> = {}, token: string | null = 'pm_card_visa') {
    const customer = await f.customer();
    if (token) await f.card(customer.id, token);
    const price = await f.price();
    const sub = expectOk(await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], ...body }));
    return { customer, price, sub };
  }

  describe('happy path', () => {
    it('creates an active subscription, bills the first period and reads it back', async () => {
      const c = await f.customer();
      await f.card(c.id);
      const p = await f.price({ unit_amount: 2500 });
      const created = expectOk(await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: c.id, items: [{ price: p.id, quantity: 2 }] }));
      expect(created).toMatchObject({
        object: 'subscription',
        customer: c.id,
        status: 'active',
        collection_method: 'charge_automatically',
        currency: 'usd',
        cancel_at_period_end: false,
        canceled_at: null,
      });
      expect(created.id).toMatch(/^sub_/);
      expect(created.items.data).toEqual([expect.objectContaining({ object: 'subscription_item', price: p.id, quantity: 2 })]);
      expect(created.current_period_end).toBeGreaterThan(created.current_period_start);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${created.id}`))).toEqual(created);
      const invoices = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?subscription=${created.id}`));
      expect(invoices.data).toHaveLength(1);
      expect(invoices.data[0]).toMatchObject({ status: 'paid', total: 5000, amount_paid: 5000, billing_reason: expect.any(String) });
      const list = expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions?customer=${c.id}`));
      expect(list.data.map((s: { id: string }) => s.id)).toEqual([created.id]);
    });

    it('starts a trial without an invoice', async () => {
      const { sub } = await subscribed({ trial_period_days: 14 });
      expect(sub.status).toBe('trialing');
      expect(sub.trial_end).toBeGreaterThan(sub.created);
      expect(sub.trial_end - sub.created).toBeLessThanOrEqual(15 * 86_400);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices?subscription=${sub.id}`)).data).toEqual([]);
    });

    it('send_invoice subscriptions leave the first invoice open with a due date', async () => {
      const { sub } = await subscribed({ collection_method: 'send_invoice', days_until_due: 7 }, null);
      expect(sub.collection_method).toBe('send_invoice');
      const [inv] = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?subscription=${sub.id}`)).data;
      expect(inv).toMatchObject({ status: 'open', amount_paid: 0, amount_remaining: 4900 });
      expect(inv.due_date).toBeGreaterThan(inv.created);
    });

    it('cancels at period end, then immediately', async () => {
      const { sub } = await subscribed();
      const atEnd = expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, { at_period_end: true }));
      expect(atEnd).toMatchObject({ status: 'active', cancel_at_period_end: true, canceled_at: null });
      const now = expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, {}));
      expect(now.status).toBe('canceled');
      expect(now.canceled_at).toEqual(expect.any(Number));
      expect(now.next_billing_at).toBeNull();
    });

    it('cancel with no body cancels now', async () => {
      const { sub } = await subscribed();
      const res = await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`);
      expect(expectOk(res).status).toBe('canceled');
    });

    it('pauses and resumes', async () => {
      const { sub } = await subscribed();
      const paused = expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/pause`));
      expect(paused).toMatchObject({ status: 'paused', next_billing_at: null });
      expect(paused.paused_at).toEqual(expect.any(Number));
      const resumed = expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/resume`));
      expect(resumed).toMatchObject({ status: 'active', paused_at: null });
      expect(resumed.next_billing_at).toEqual(expect.any(Number));
    });

    it('changes plan mid-period with proration: a credit for unused time and a charge for the new plan', async () => {
      const { sub } = await subscribed();
      expectOk(await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 10 }));
      const bigger = await f.price({ unit_amount: 9900 });
      const changed = expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: bigger.id }] }));
      expect(changed.items.data.map((i: { price: string }) => i.price)).toEqual([bigger.id]);
      const invoices = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?subscription=${sub.id}`)).data;
      expect(invoices).toHaveLength(2);
      const proration = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${invoices[0].id}`));
      const lines = proration.lines.data;
      expect(lines.some((l: { amount: number; proration: boolean }) => l.proration && l.amount < 0)).toBe(true);
      expect(lines.some((l: { amount: number; proration: boolean }) => l.proration && l.amount > 0)).toBe(true);
      expect(proration.total).toBeGreaterThan(0);
      expect(proration.total).toBeLessThan(9900 - 4900);
    });
  });

  describe('bad input', () => {
    let customerId: string;
    let priceId: string;
    beforeAll(async () => {
      customerId = (await f.customer()).id;
      await f.card(customerId);
      priceId = (await f.price()).id;
    });

    async function refused(body: Record<string, unknown>, status: number, code: string, param?: string | RegExp) {
      const subsBefore = await listIds(app, apiKey, '/v1/subscriptions');
      const invBefore = await listIds(app, apiKey, '/v1/invoices');
      const res = await app.api(apiKey, 'POST', '/v1/subscriptions', body);
      const e = expectError(res, status, code, typeof param === 'string' ? param : undefined);
      if (param instanceof RegExp) expect(e.param).toMatch(param);
      expect(await listIds(app, apiKey, '/v1/subscriptions')).toEqual(subsBefore);
      expect(await listIds(app, apiKey, '/v1/invoices')).toEqual(invBefore);
    }

    it('refuses unknown fields, top-level and in items', async () => {
      await refused({ customer: customerId, items: [{ price: priceId }], coupon: 'X' }, 400, 'parameter_unknown', 'coupon');
      await refused({ customer: customerId, items: [{ price: priceId, tax_rates: [] }] }, 400, 'parameter_unknown', 'items[0][tax_rates]');
    });

    it('refuses missing and wrongly typed parameters', async () => {
      await refused({ items: [{ price: priceId }] }, 400, 'parameter_missing', 'customer');
      await refused({ customer: customerId }, 400, 'parameter_missing', 'items');
      await refused({ customer: customerId, items: [] }, 400, 'parameter_invalid', 'items');
      await refused({ customer: customerId, items: [{ price: priceId, quantity: 0 }] }, 400, 'parameter_invalid', 'items[0][quantity]');
      await refused({ customer: customerId, items: [{ price: priceId, quantity: 1.5 }] }, 400, 'parameter_invalid', 'items[0][quantity]');
      await refused({ customer: customerId, items: [{ price: priceId, quantity: '2' }] }, 400, 'parameter_invalid', 'items[0][quantity]');
      await refused({ customer: customerId, items: [{ price: priceId }], collection_method: 'carrier_pigeon' }, 400, 'parameter_invalid', 'collection_method');
      await refused({ customer: customerId, items: [{ price: priceId }], billing_cycle_anchor_day: 32 }, 400, 'parameter_invalid', 'billing_cycle_anchor_day');
      await refused({ customer: customerId, items: [{ price: priceId }], trial_period_days: -1 }, 400, 'parameter_invalid', 'trial_period_days');
    });

    it('refuses a one-time price, mixed intervals and mixed currencies', async () => {
      const once = await f.oneOffPrice();
      await refused({ customer: customerId, items: [{ price: once.id }] }, 400, 'price_not_recurring', 'items[0][price]');
      const yearly = await f.price({ recurring: { interval: 'year' } });
      await refused({ customer: customerId, items: [{ price: priceId }, { price: yearly.id }] }, 400, 'interval_mismatch', 'items[1][price]');
      const eur = await f.price({ currency: 'eur' });
      await refused({ customer: customerId, items: [{ price: priceId }, { price: eur.id }] }, 400, 'currency_mismatch', 'items[1][price]');
    });

    it('refuses unknown customers and prices with 404', async () => {
      await refused({ customer: 'cus_nope', items: [{ price: priceId }] }, 404, 'resource_missing', 'customer');
      await refused({ customer: customerId, items: [{ price: 'price_nope' }] }, 404, 'resource_missing', /^items/);
    });

    it('never answers 500 to junk', async () => {
      const junk: unknown[] = [
        { customer: customerId, items: 'price' },
        { customer: customerId, items: [null] },
        { customer: customerId, items: [{ price: null }] },
        { customer: customerId, items: [{ price: priceId, quantity: 1e12 }] },
        { customer: customerId, items: Array.from({ length: 21 }, () => ({ price: priceId })) },
        { customer: customerId, items: [{ price: priceId }, { price: priceId }] },
        { customer: null, items: [{ price: priceId }] },
        { customer: customerId, items: [{ price: priceId }], days_until_due: 'soon' },
      ];
      for (const body of junk) {
        const res = await app.api(apiKey, 'POST', '/v1/subscriptions', body);
        expect(res.status, JSON.stringify(body)).not.toBeGreaterThanOrEqual(500);
      }
    });

    it('refuses items whose amounts add up past what an invoice can hold, without a 500 and without a subscription', async () => {
      const big = await f.price({ unit_amount: 99_999_999_999 });
      const items = Array.from({ length: 10 }, () => ({ price: big.id, quantity: 10_000 }));
      const subsBefore = await listIds(app, apiKey, '/v1/subscriptions');
      expectClientError(await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customerId, items }));
      expect(await listIds(app, apiKey, '/v1/subscriptions')).toEqual(subsBefore);
    });

    it('refuses a plan change with a bad body and leaves the items alone', async () => {
      const { sub, price } = await subscribed();
      const before = expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`));
      expectError(
        await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: price.id }], status: 'canceled' }),
        400,
        'parameter_unknown',
        'status',
      );
      expectError(
        await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: price.id }], proration_behavior: 'sometimes' }),
        400,
        'parameter_invalid',
        'proration_behavior',
      );
      const yearly = await f.price({ recurring: { interval: 'year' } });
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: yearly.id }] }), 400, 'interval_mismatch', 'items[0][price]');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`))).toEqual(before);
    });

    it('answers 409 to pausing, resuming or changing a canceled subscription', async () => {
      const { sub, price } = await subscribed();
      expectOk(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, {}));
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/pause`), 409, 'invalid_state_transition');
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/resume`), 409, 'invalid_state_transition');
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: price.id }] }), 409, 'subscription_canceled');
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, {}), 409, 'invalid_state_transition');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).status).toBe('canceled');
    });

    it('answers 409 to resuming an active subscription', async () => {
      const { sub } = await subscribed();
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/resume`), 409, 'invalid_state_transition');
    });

    it('refuses a cancel body with an unknown field', async () => {
      const { sub } = await subscribed();
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, { prorate: true }), 400, 'parameter_unknown', 'prorate');
      expectError(await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, { at_period_end: 'yes' }), 400, 'parameter_invalid', 'at_period_end');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
    });
  });

  describe('another business', () => {
    it("refuses a subscription for another business's customer or price (404) and writes nothing", async () => {
      const theirs = fixtures(app, otherKey);
      const theirCustomer = await theirs.customer({ name: 'Their Member' });
      await theirs.card(theirCustomer.id);
      const theirPrice = await theirs.price();
      const myCustomer = await f.customer();
      await f.card(myCustomer.id);
      const myPrice = await f.price();
      const mine = { subs: await listIds(app, apiKey, '/v1/subscriptions'), inv: await listIds(app, apiKey, '/v1/invoices') };
      const other = { subs: await listIds(app, otherKey, '/v1/subscriptions'), inv: await listIds(app, otherKey, '/v1/invoices') };
      expectError(
        await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: theirCustomer.id, items: [{ price: myPrice.id }] }),
        404,
        'resource_missing',
        'customer',
      );
      const byPrice = expectError(
        await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: myCustomer.id, items: [{ price: theirPrice.id }] }),
        404,
        'resource_missing',
      );
      expect(byPrice.param).toMatch(/^items/);
      expect(await listIds(app, apiKey, '/v1/subscriptions')).toEqual(mine.subs);
      expect(await listIds(app, apiKey, '/v1/invoices')).toEqual(mine.inv);
      expect(await listIds(app, otherKey, '/v1/subscriptions')).toEqual(other.subs);
      expect(await listIds(app, otherKey, '/v1/invoices')).toEqual(other.inv);
    });

    it("cannot read, change, cancel, pause or resume this business's subscription", async () => {
      const { sub, price } = await subscribed();
      const theirPrice = await fixtures(app, otherKey).price();
      expectError(await app.api(otherKey, 'GET', `/v1/subscriptions/${sub.id}`), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: theirPrice.id }] }), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'POST', `/v1/subscriptions/${sub.id}/cancel`, {}), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'POST', `/v1/subscriptions/${sub.id}/pause`), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'POST', `/v1/subscriptions/${sub.id}/resume`), 404, 'resource_missing');
      expect(await listIds(app, otherKey, '/v1/subscriptions')).not.toContain(sub.id);
      const after = expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`));
      expect(after.status).toBe('active');
      expect(after.items.data.map((i: { price: string }) => i.price)).toEqual([price.id]);
    });

    it("cannot switch this business's subscription to another business's price", async () => {
      const { sub, price } = await subscribed();
      const theirPrice = await fixtures(app, otherKey).price();
      const res = await app.api(apiKey, 'POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: theirPrice.id }] });
      expectError(res, 404, 'resource_missing');
      const after = expectOk(await app.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`));
      expect(after.items.data.map((i: { price: string }) => i.price)).toEqual([price.id]);
    });
  });

  describe('pagination', () => {
    it('pages subscriptions without overlap', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Paging Subs' });
      const g = fixtures(app, key);
      const c = await g.customer();
      const p = await g.price();
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(
          expectOk(await app.api(key, 'POST', '/v1/subscriptions', { customer: c.id, items: [{ price: p.id }], collection_method: 'send_invoice' })).id,
        );
      }
      const a = expectOk(await app.api(key, 'GET', '/v1/subscriptions?limit=3'));
      const b = expectOk(await app.api(key, 'GET', `/v1/subscriptions?limit=3&starting_after=${a.data.at(-1).id}`));
      expect(a.has_more).toBe(true);
      expect(b.has_more).toBe(false);
      expect([...a.data, ...b.data].map((s: { id: string }) => s.id)).toEqual([...made].reverse());
    });

    it('refuses an unknown status filter without a 500', async () => {
      expectClientError(await app.api(apiKey, 'GET', `/v1/subscriptions?status=${'x'.repeat(30)}`));
    });
  });
});
