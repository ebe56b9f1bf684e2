import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

/** What every /v1 call shares: API keys, the error shape, JSON parsing, idempotency, OpenAPI, the test clock. */
describe('HTTP protocol', () => {
  let app: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Protocol Gym' }));
  });
  afterAll(() => app.stop());

  describe('API keys', () => {
    it('answers 401 api_key_missing without an Authorization header, on GET and POST', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      const get = await app.api(null, 'GET', '/v1/customers');
      expect(expectError(get, 401, 'api_key_missing').type).toBe('authentication_error');
      const post = await app.api(null, 'POST', '/v1/customers', { name: 'Intruder' });
      expectError(post, 401, 'api_key_missing');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
    });

    it('answers 401 api_key_invalid for an unknown key and writes nothing', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      const res = await app.api('sk_test_not_a_real_key_0000000000', 'POST', '/v1/customers', { name: 'Intruder' });
      expect(expectError(res, 401, 'api_key_invalid').type).toBe('authentication_error');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
    });

    it('answers 401 for a malformed Authorization header (not Bearer, empty, Basic)', async () => {
      for (const authorization of ['Bearer', 'Bearer ', `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`, apiKey, 'Bearer a b']) {
        const res = await app.api(null, 'GET', '/v1/customers', undefined, { authorization });
        expect(res.status, authorization).toBe(401);
        expect(res.body.error.type).toBe('authentication_error');
      }
    });

    it('does not accept a key that differs from a real one in its last character', async () => {
      const last = apiKey.at(-1) === 'a' ? 'b' : 'a';
      const res = await app.api(`${apiKey.slice(0, -1)}${last}`, 'GET', '/v1/customers');
      expectError(res, 401, 'api_key_invalid');
    });

    it('does not need a key for /healthz and /docs/json', async () => {
      expect((await app.api(null, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
      expect((await app.api(null, 'GET', '/docs/json')).status).toBe(200);
    });
  });

  describe('routing and parsing', () => {
    it('answers 404 route_not_found for an unknown route, with or without a key', async () => {
      expectError(await app.api(apiKey, 'GET', '/v1/nothing_here'), 404, 'route_not_found');
      expectError(await app.api(apiKey, 'POST', '/v1/nothing_here', {}), 404, 'route_not_found');
      expectError(await app.api(apiKey, 'GET', '/nowhere'), 404, 'route_not_found');
    });

    it('answers 401 (not 404) for an unknown /v1 route without a key, so routes cannot be probed', async () => {
      expect((await app.api(null, 'GET', '/v1/nothing_here')).status).toBe(401);
    });

    it('answers 400 body_invalid_json for a broken JSON body and writes nothing', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      const res = await app.api(apiKey, 'POST', '/v1/customers', '{"name": "Anna",', { 'content-type': 'application/json' });
      expect(expectError(res, 400, 'body_invalid_json').type).toBe('invalid_request_error');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
    });

    it('answers 400 body_invalid_json for an empty JSON body declared as JSON', async () => {
      const res = await app.api(apiKey, 'POST', '/v1/customers', '', { 'content-type': 'application/json' });
      expectError(res, 400, 'body_invalid_json');
    });

    it('answers a 4xx (not a 500) for a JSON body that is not an object', async () => {
      for (const payload of ['[]', '"a string"', '42', 'null', 'true']) {
        const res = await app.api(apiKey, 'POST', '/v1/customers', payload, { 'content-type': 'application/json' });
        expect(res.status, payload).toBe(400);
        expectClientError(res);
      }
    });

    it('answers a 4xx (not a 500) for a body in another content type', async () => {
      const res = await app.api(apiKey, 'POST', '/v1/customers', 'name=Anna', { 'content-type': 'application/x-www-form-urlencoded' });
      expectClientError(res);
      const xml = await app.api(apiKey, 'POST', '/v1/customers', '<name>Anna</name>', { 'content-type': 'text/xml' });
      expectClientError(xml);
    });

    it('answers 400 parameter_unknown for an unknown query parameter', async () => {
      const res = await app.api(apiKey, 'GET', '/v1/customers?colour=blue');
      expectError(res, 400, 'parameter_unknown', 'colour');
    });

    it('never answers a 500 to odd URLs and ids', async () => {
      const urls = [
        '/v1/customers/%00',
        '/v1/customers/%E0%A4%A',
        `/v1/customers/${'x'.repeat(300)}`,
        "/v1/invoices/inv_1' or '1'='1",
        '/v1/customers?limit=abc',
        '/v1/customers?limit=0',
        '/v1/customers?limit=101',
        '/v1/customers?limit=-1',
        '/v1/customers?limit=1.5',
        '/v1/invoices?status=bogus',
        '/v1/customers?limit=1&limit=2',
      ];
      for (const url of urls) {
        const res = await app.api(apiKey, 'GET', url);
        expect(res.status, url).toBeGreaterThanOrEqual(400);
        expect(res.status, url).toBeLessThan(500);
      }
    });
  });

  describe('idempotency', () => {
    it('replays the stored response for the same key and body, and creates exactly one object', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      const headers = { 'idempotency-key': 'create-anna-1' };
      const first = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Idem Anna', email: 'idem@example.com' }, headers);
      expectOk(first);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Idem Anna', email: 'idem@example.com' }, headers);
      expect(second.status).toBe(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      const after = await listIds(app, apiKey, '/v1/customers');
      expect(after.filter((id) => !before.includes(id))).toEqual([first.body.id]);
    });

    it('refuses the same key with a different body (422 idempotency_error) and writes nothing', async () => {
      const headers = { 'idempotency-key': 'create-anna-2' };
      const first = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Key Two' }, headers));
      const before = await listIds(app, apiKey, '/v1/customers');
      const res = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Someone Else' }, headers);
      const e = expectError(res, 422, 'idempotency_key_reused');
      expect(e.type).toBe('idempotency_error');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
      const stored = expectOk(await app.api(apiKey, 'GET', `/v1/customers/${first.id}`));
      expect(stored.name).toBe('Key Two');
    });

    it('refuses the same key on a different endpoint', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      expectOk(await app.api(apiKey, 'POST', '/v1/products', { name: 'Yoga' }, headers));
      const before = await listIds(app, apiKey, '/v1/customers');
      const res = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Yoga' }, headers);
      expectError(res, 422, 'idempotency_key_reused');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
    });

    it('replays an error response too, without running the call again', async () => {
      const headers = { 'idempotency-key': 'bad-price-1' };
      const first = await app.api(apiKey, 'POST', '/v1/prices', { product: 'prod_missing', currency: 'usd', unit_amount: 100 }, headers);
      expectError(first, 404, 'resource_missing', 'product');
      const second = await app.api(apiKey, 'POST', '/v1/prices', { product: 'prod_missing', currency: 'usd', unit_amount: 100 }, headers);
      expect(second.status).toBe(404);
      expect(second.body).toEqual(first.body);
    });

    it('keeps keys per business: another business may use the same key', async () => {
      const other = await app.tenant({ name: 'Other Studio' });
      const headers = { 'idempotency-key': 'per-tenant-key' };
      const mine = expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Mine' }, headers));
      const theirs = await app.api(other.apiKey, 'POST', '/v1/customers', { name: 'Mine' }, headers);
      expectOk(theirs);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.id);
      // and the first business's object never leaks to the second
      expect(await listIds(app, other.apiKey, '/v1/customers')).toEqual([theirs.body.id]);
    });

    it('refuses a key longer than 255 characters with 400', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      const res = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Long Key' }, { 'idempotency-key': 'k'.repeat(256) });
      expectError(res, 400, 'idempotency_key_invalid');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
    });

    it('does not burn a key on a request that failed validation: fixing the body with the same key works', async () => {
      const headers = { 'idempotency-key': 'validation-first' };
      const bad = await app.api(apiKey, 'POST', '/v1/customers', { name: 'X', colour: 'blue' }, headers);
      expectError(bad, 400, 'parameter_unknown', 'colour');
      const good = await app.api(apiKey, 'POST', '/v1/customers', { name: 'X' }, headers);
      expectOk(good);
    });
  });

  describe('OpenAPI', () => {
    it('serves an OpenAPI 3.1 document listing the /v1 paths', async () => {
      const res = await app.api(null, 'GET', '/docs/json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\.1\./);
      const paths = Object.keys(res.body.paths);
      for (const p of [
        '/v1/customers',
        '/v1/customers/{id}',
        '/v1/customers/{id}/ledger',
        '/v1/customers/{id}/payment_methods',
        '/v1/products',
        '/v1/prices',
        '/v1/tax_rates',
        '/v1/subscriptions',
        '/v1/subscriptions/{id}/cancel',
        '/v1/invoices',
        '/v1/invoices/{id}',
        '/v1/invoices/{id}/finalize',
        '/v1/invoices/{id}/pay',
        '/v1/invoices/{id}/void',
        '/v1/invoices/{id}/mark_uncollectible',
        '/v1/payments',
        '/v1/refunds',
        '/v1/credit_notes',
        '/v1/test_clock/advance',
      ]) {
        expect(paths, p).toContain(p);
      }
      expect(res.body.paths['/v1/customers'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    });
  });

  describe('test clock', () => {
    it('shows and advances the clock of a test-mode business by days or to an instant', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Clock Gym' });
      const start = expectOk(await app.api(key, 'GET', '/v1/test_clock'));
      expect(start.object).toBe('test_clock');
      const t0 = Date.parse(start.frozen_time);
      const byDays = expectOk(await app.api(key, 'POST', '/v1/test_clock/advance', { days: 3 }));
      expect(Date.parse(byDays.frozen_time) - t0).toBe(3 * 86_400_000);
      const target = new Date(t0 + 10 * 86_400_000).toISOString();
      const toInstant = expectOk(await app.api(key, 'POST', '/v1/test_clock/advance', { to: target }));
      expect(Date.parse(toInstant.frozen_time)).toBe(Date.parse(target));
      expect(Date.parse(expectOk(await app.api(key, 'GET', '/v1/test_clock')).frozen_time)).toBe(Date.parse(target));
    });

    it('answers 403 test_mode_only to a live business, for GET and advance, and does not move anything', async () => {
      const live = await app.tenant({ name: 'Live Gym', mode: 'live' });
      const before = live.ctx.now.getTime();
      expectError(await app.api(live.apiKey, 'GET', '/v1/test_clock'), 403, 'test_mode_only');
      expectError(await app.api(live.apiKey, 'POST', '/v1/test_clock/advance', { days: 30 }), 403, 'test_mode_only');
      const after = await app.reload(live.ctx.id);
      expect(after.now.getTime() - before).toBeLessThan(60_000);
    });

    it('rejects bad advance bodies with 400 and leaves the clock where it was', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Clock Gym 2' });
      const start = expectOk(await app.api(key, 'GET', '/v1/test_clock')).frozen_time;
      const bodies: [unknown, string][] = [
        [{}, 'parameter_invalid'],
        [{ days: 1, to: '2030-01-01T00:00:00Z' }, 'parameter_invalid'],
        [{ days: 0 }, 'parameter_invalid'],
        [{ days: -5 }, 'parameter_invalid'],
        [{ days: 1.5 }, 'parameter_invalid'],
        [{ days: '3' }, 'parameter_invalid'],
        [{ to: 'tomorrow' }, 'parameter_invalid'],
        [{ days: 1, speed: 2 }, 'parameter_unknown'],
      ];
      for (const [body, code] of bodies) {
        const res = await app.api(key, 'POST', '/v1/test_clock/advance', body);
        expectError(res, 400, code);
      }
      expect(expectOk(await app.api(key, 'GET', '/v1/test_clock')).frozen_time).toBe(start);
    });

    it('refuses to move the clock backwards', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Clock Gym 3' });
      const start = expectOk(await app.api(key, 'GET', '/v1/test_clock')).frozen_time;
      const past = new Date(Date.parse(start) - 86_400_000).toISOString();
      const res = await app.api(key, 'POST', '/v1/test_clock/advance', { to: past });
      expectClientError(res);
      expect(expectOk(await app.api(key, 'GET', '/v1/test_clock')).frozen_time).toBe(start);
    });

    it('runs billing that became due before it answers', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Clock Gym 4' });
      const f = fixtures(app, key);
      const customer = await f.customer();
      await f.card(customer.id);
      const price = await f.price({ recurring: { interval: 'week' }, unit_amount: 1000 });
      expectOk(await app.api(key, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }] }));
      expectOk(await app.api(key, 'POST', '/v1/test_clock/advance', { days: 15 }));
      const invoices = expectOk(await app.api(key, 'GET', `/v1/invoices?customer=${customer.id}`));
      expect(invoices.data).toHaveLength(3);
      expect(invoices.data.every((i: { status: string }) => i.status === 'paid')).toBe(true);
    });
  });
});
