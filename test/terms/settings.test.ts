import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('payment terms settings API', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness', currency: 'eur' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
  });
  afterAll(() => app.stop());

  const get = async (key = apiKey) => (await app.api(key, 'GET', '/v1/settings/payment_terms')).body;
  const post = (body: unknown, key = apiKey) => app.api(key, 'POST', '/v1/settings/payment_terms', body);

  it('has defaults before anything is set: the business net days, no discount, no late fee', async () => {
    expect(await get()).toEqual({ object: 'payment_terms', net_days: 14, early_payment_discount: null, late_fee: null, updated: null });
  });

  it('replaces only the fields given and returns the whole setting', async () => {
    const first = await post({ net_days: 30, early_payment_discount: { percent: 2, days: 10 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ net_days: 30, early_payment_discount: { percent: 2, days: 10 }, late_fee: null, updated: expect.any(Number) });
    const second = await post({ late_fee: { type: 'fixed', amount: 1500, grace_days: 5 } });
    expect(second.body).toMatchObject({
      net_days: 30,
      early_payment_discount: { percent: 2, days: 10 },
      late_fee: { type: 'fixed', amount: 1500, currency: 'eur', grace_days: 5 },
    });
    expect(await get()).toEqual(second.body);
    // Net days are the business profile's payment terms: one source of truth.
    expect((await app.api(apiKey, 'GET', '/v1/business')).body.payment_terms_days).toBe(30);
    const cleared = await post({ early_payment_discount: null, late_fee: { type: 'percent', percent: 1.25 } });
    expect(cleared.body).toMatchObject({ early_payment_discount: null, late_fee: { type: 'percent', percent: 1.25, grace_days: 0 } });
  });

  it.each([
    ['a percent with three decimals', { early_payment_discount: { percent: 2.555, days: 10 } }, 'early_payment_discount'],
    ['a zero percent', { early_payment_discount: { percent: 0, days: 10 } }, 'early_payment_discount'],
    ['a hundred percent', { late_fee: { type: 'percent', percent: 100 } }, 'late_fee'],
    ['negative days', { early_payment_discount: { percent: 2, days: -1 } }, 'early_payment_discount'],
    ['a discount window longer than the net days', { net_days: 7, early_payment_discount: { percent: 2, days: 10 } }, 'early_payment_discount[days]'],
    ['an unknown fee type', { late_fee: { type: 'daily', amount: 100 } }, 'late_fee'],
    ['a fixed fee without an amount', { late_fee: { type: 'fixed', grace_days: 3 } }, 'late_fee'],
    ['a fractional fee amount', { late_fee: { type: 'fixed', amount: 12.5 } }, 'late_fee'],
    ['a negative grace period', { late_fee: { type: 'fixed', amount: 100, grace_days: -2 } }, 'late_fee'],
    ['an unknown currency', { late_fee: { type: 'fixed', amount: 100, currency: 'xyz' } }, 'late_fee'],
    ['an unknown field', { late_fees: null }, undefined],
    ['net days as text', { net_days: '30' }, 'net_days'],
  ])('refuses %s with a 400 and changes nothing', async (_name, body, param) => {
    const before = await get();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('invalid_request_error');
    if (param) expect(response.body.error.param).toContain(param);
    expect(await get()).toEqual(before);
  });

  it('needs an API key, and each business sees only its own terms', async () => {
    expect((await app.api(null, 'GET', '/v1/settings/payment_terms')).status).toBe(401);
    expect((await post({ net_days: 3 }, 'not-a-key')).status).toBe(401);
    expect(await get(otherKey)).toMatchObject({ net_days: 14, early_payment_discount: null, late_fee: null });
    await post({ late_fee: null }, otherKey);
    expect((await get()).late_fee).toMatchObject({ type: 'percent', percent: 1.25 });
  });
});
