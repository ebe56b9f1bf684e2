import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

describe('catalog API: products, prices, tax rates', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
  });
  afterAll(() => app.stop());

  describe('products', () => {
    it('creates, reads and lists a product', async () => {
      const p = expectOk(await app.api(apiKey, 'POST', '/v1/products', { name: 'Membership', description: 'Unlimited classes' }));
      expect(p).toMatchObject({ object: 'product', name: 'Membership', description: 'Unlimited classes', active: true });
      expect(p.id).toMatch(/^prod_/);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/products/${p.id}`))).toEqual(p);
      expect(await listIds(app, apiKey, '/v1/products')).toContain(p.id);
    });

    it('refuses bad product bodies and writes nothing', async () => {
      const before = await listIds(app, apiKey, '/v1/products');
      expectError(await app.api(apiKey, 'POST', '/v1/products', {}), 400, 'parameter_missing', 'name');
      expectError(await app.api(apiKey, 'POST', '/v1/products', { name: '' }), 400, 'parameter_invalid', 'name');
      expectError(await app.api(apiKey, 'POST', '/v1/products', { name: 7 }), 400, 'parameter_invalid', 'name');
      expectError(await app.api(apiKey, 'POST', '/v1/products', { name: 'A', active: false }), 400, 'parameter_unknown', 'active');
      expect(await listIds(app, apiKey, '/v1/products')).toEqual(before);
    });

    it('pages products without overlap', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Paging Products' });
      for (let i = 0; i < 5; i++) expectOk(await app.api(key, 'POST', '/v1/products', { name: `P${i}` }));
      const first = expectOk(await app.api(key, 'GET', '/v1/products?limit=2'));
      expect(first.has_more).toBe(true);
      const second = expectOk(await app.api(key, 'GET', `/v1/products?limit=2&starting_after=${first.data[1].id}`));
      const third = expectOk(await app.api(key, 'GET', `/v1/products?limit=2&starting_after=${second.data[1].id}`));
      expect(third.has_more).toBe(false);
      const all = [...first.data, ...second.data, ...third.data].map((p: { id: string }) => p.id);
      expect(all).toHaveLength(5);
      expect(new Set(all).size).toBe(5);
    });

    it("answers 404 for another business's product", async () => {
      const p = await fixtures(app, apiKey).product('Secret Plan');
      expectError(await app.api(otherKey, 'GET', `/v1/products/${p.id}`), 404, 'resource_missing');
      expect(await listIds(app, otherKey, '/v1/products')).not.toContain(p.id);
    });
  });

  describe('prices', () => {
    it('creates a recurring price with interval and count, and a one-time price', async () => {
      const product = await fixtures(app, apiKey).product();
      const monthly = expectOk(
        await app.api(apiKey, 'POST', '/v1/prices', {
          product: product.id,
          currency: 'EUR',
          unit_amount: 4900,
          nickname: 'Quarterly',
          recurring: { interval: 'month', interval_count: 3 },
        }),
      );
      expect(monthly).toMatchObject({
        object: 'price',
        product: product.id,
        currency: 'eur',
        unit_amount: 4900,
        type: 'recurring',
        recurring: { interval: 'month', interval_count: 3 },
        nickname: 'Quarterly',
        active: true,
      });
      expect(monthly.id).toMatch(/^price_/);
      const defaults = expectOk(
        await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'week' } }),
      );
      expect(defaults.recurring).toEqual({ interval: 'week', interval_count: 1 });
      const once = expectOk(await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 0 }));
      expect(once).toMatchObject({ type: 'one_time', recurring: null, unit_amount: 0 });
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/prices/${monthly.id}`))).toEqual(monthly);
      const forProduct = expectOk(await app.api(apiKey, 'GET', `/v1/prices?product=${product.id}`));
      expect(forProduct.data.map((p: { id: string }) => p.id).sort()).toEqual([monthly.id, defaults.id, once.id].sort());
    });

    it('keeps zero-decimal and three-decimal currencies in minor units as given', async () => {
      const product = await fixtures(app, apiKey).product();
      const jpy = expectOk(await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'jpy', unit_amount: 1500 }));
      expect(jpy).toMatchObject({ currency: 'jpy', unit_amount: 1500 });
    });

    it('links a tax rate', async () => {
      const product = await fixtures(app, apiKey).product();
      const tax = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'VAT', percentage: 21, inclusive: true }));
      const price = expectOk(await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1210, tax_rate: tax.id }));
      expect(price.tax_rate).toBe(tax.id);
    });

    describe('bad input', () => {
      let productId: string;
      beforeAll(async () => {
        productId = (await fixtures(app, apiKey).product()).id;
      });
      const cases: [string, (product: string) => Record<string, unknown>, number, string, string][] = [
        ['an unknown field', (p) => ({ product: p, currency: 'usd', unit_amount: 1, billing_scheme: 'tiered' }), 400, 'parameter_unknown', 'billing_scheme'],
        [
          'an unknown nested field',
          (p) => ({ product: p, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered' } }),
          400,
          'parameter_unknown',
          'recurring[usage_type]',
        ],
        ['a negative amount', (p) => ({ product: p, currency: 'usd', unit_amount: -100 }), 400, 'parameter_invalid', 'unit_amount'],
        ['a fractional amount', (p) => ({ product: p, currency: 'usd', unit_amount: 19.99 }), 400, 'parameter_invalid', 'unit_amount'],
        ['an amount as a string', (p) => ({ product: p, currency: 'usd', unit_amount: '1999' }), 400, 'parameter_invalid', 'unit_amount'],
        ['an amount too large', (p) => ({ product: p, currency: 'usd', unit_amount: 1e15 }), 400, 'parameter_invalid', 'unit_amount'],
        ['a missing amount', (p) => ({ product: p, currency: 'usd' }), 400, 'parameter_missing', 'unit_amount'],
        ['an unknown currency', (p) => ({ product: p, currency: 'xyz', unit_amount: 100 }), 400, 'currency_unknown', 'currency'],
        ['a malformed currency', (p) => ({ product: p, currency: 'dollars', unit_amount: 100 }), 400, 'parameter_invalid', 'currency'],
        [
          'an unknown interval',
          (p) => ({ product: p, currency: 'usd', unit_amount: 1, recurring: { interval: 'fortnight' } }),
          400,
          'parameter_invalid',
          'recurring[interval]',
        ],
        [
          'a zero interval count',
          (p) => ({ product: p, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 0 } }),
          400,
          'parameter_invalid',
          'recurring[interval_count]',
        ],
        [
          'a fractional interval count',
          (p) => ({ product: p, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 1.5 } }),
          400,
          'parameter_invalid',
          'recurring[interval_count]',
        ],
        ['a missing product', () => ({ currency: 'usd', unit_amount: 1 }), 400, 'parameter_missing', 'product'],
        ['a product that does not exist', () => ({ product: 'prod_nope', currency: 'usd', unit_amount: 1 }), 404, 'resource_missing', 'product'],
        ['a tax rate that does not exist', (p) => ({ product: p, currency: 'usd', unit_amount: 1, tax_rate: 'txr_nope' }), 404, 'resource_missing', 'tax_rate'],
      ];
      for (const [what, body, status, code, param] of cases) {
        it(`refuses ${what} with ${status} ${code} and writes nothing`, async () => {
          const before = await listIds(app, apiKey, '/v1/prices');
          expectError(await app.api(apiKey, 'POST', '/v1/prices', body(productId)), status, code, param);
          expect(await listIds(app, apiKey, '/v1/prices')).toEqual(before);
        });
      }
    });

    it("refuses a price on another business's product or tax rate (404) and writes nothing", async () => {
      const theirProduct = await fixtures(app, otherKey).product('Their Plan');
      const theirTax = expectOk(await app.api(otherKey, 'POST', '/v1/tax_rates', { display_name: 'VAT', percentage: 20, inclusive: false }));
      const myProduct = await fixtures(app, apiKey).product();
      const mineBefore = await listIds(app, apiKey, '/v1/prices');
      const theirsBefore = await listIds(app, otherKey, '/v1/prices');
      expectError(
        await app.api(apiKey, 'POST', '/v1/prices', { product: theirProduct.id, currency: 'usd', unit_amount: 1 }),
        404,
        'resource_missing',
        'product',
      );
      expectError(
        await app.api(apiKey, 'POST', '/v1/prices', { product: myProduct.id, currency: 'usd', unit_amount: 1, tax_rate: theirTax.id }),
        404,
        'resource_missing',
        'tax_rate',
      );
      expect(await listIds(app, apiKey, '/v1/prices')).toEqual(mineBefore);
      expect(await listIds(app, otherKey, '/v1/prices')).toEqual(theirsBefore);
    });

    it("answers 404 for another business's price", async () => {
      const price = await fixtures(app, apiKey).price();
      expectError(await app.api(otherKey, 'GET', `/v1/prices/${price.id}`), 404, 'resource_missing');
      expect(await listIds(app, otherKey, `/v1/prices?product=${price.product}`)).toEqual([]);
    });
  });

  describe('tax rates', () => {
    it('creates inclusive and exclusive rates with up to three decimals', async () => {
      const vat = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'PVN', percentage: 21, inclusive: true }));
      expect(vat).toMatchObject({ object: 'tax_rate', display_name: 'PVN', percentage: 21, inclusive: true, active: true });
      expect(vat.id).toMatch(/^txr_/);
      const odd = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'Sales tax', percentage: 8.875, inclusive: false }));
      expect(odd).toMatchObject({ percentage: 8.875, inclusive: false });
    });

    it('refuses bad tax rates', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ display_name: 'X', percentage: -1, inclusive: true }, 'parameter_invalid', 'percentage'],
        [{ display_name: 'X', percentage: 101, inclusive: true }, 'parameter_invalid', 'percentage'],
        [{ display_name: 'X', percentage: 1.2345, inclusive: true }, 'parameter_invalid', 'percentage'],
        [{ display_name: 'X', percentage: '21', inclusive: true }, 'parameter_invalid', 'percentage'],
        [{ display_name: 'X', percentage: 21 }, 'parameter_missing', 'inclusive'],
        [{ display_name: 'X', percentage: 21, inclusive: 'yes' }, 'parameter_invalid', 'inclusive'],
        [{ display_name: 'X', percentage: 21, inclusive: true, country: 'LV' }, 'parameter_unknown', 'country'],
        [{ percentage: 21, inclusive: true }, 'parameter_missing', 'display_name'],
      ];
      for (const [body, code, param] of cases) expectError(await app.api(apiKey, 'POST', '/v1/tax_rates', body), 400, code, param);
    });

    it('never answers 500 to junk catalog bodies', async () => {
      const product = await fixtures(app, apiKey).product();
      const junk: [string, unknown][] = [
        ['/v1/prices', { product: product.id, currency: 'usd', unit_amount: Number.MAX_VALUE }],
        ['/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1, recurring: 'month' }],
        ['/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 1e9 } }],
        ['/v1/prices', { product: product.id, currency: '', unit_amount: 1 }],
        ['/v1/prices', { product: product.id, currency: 'US', unit_amount: 1 }],
        ['/v1/prices', { product: ['x'], currency: 'usd', unit_amount: 1 }],
        ['/v1/prices', { product: `${product.id}'--`, currency: 'usd', unit_amount: 1 }],
        ['/v1/tax_rates', { display_name: 'X', percentage: 1e-9, inclusive: true }],
        ['/v1/tax_rates', { display_name: 'X', percentage: null, inclusive: true }],
        ['/v1/products', { name: 'x'.repeat(10_000) }],
      ];
      for (const [url, body] of junk) expectClientError(await app.api(apiKey, 'POST', url, body));
    });
  });
});
