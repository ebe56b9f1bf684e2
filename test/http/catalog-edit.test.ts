import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk, fixtures, listIds } from './helpers.ts';

/** Editing and archiving catalog entries, and listing tax rates (what the back office's catalog page uses). */
describe('catalog API: edit and archive', () => {
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

  it('renames a product and archives it; the active filter separates offered from archived', async () => {
    const p = await f.product('Gym');
    const renamed = expectOk(await app.api(apiKey, 'POST', `/v1/products/${p.id}`, { name: '  Gym plus ', description: 'All rooms' }));
    expect(renamed).toMatchObject({ id: p.id, name: 'Gym plus', description: 'All rooms', active: true });
    const archived = expectOk(await app.api(apiKey, 'POST', `/v1/products/${p.id}`, { active: false }));
    expect(archived).toMatchObject({ name: 'Gym plus', description: 'All rooms', active: false });
    expect(await listIds(app, apiKey, '/v1/products?active=false')).toContain(p.id);
    expect(await listIds(app, apiKey, '/v1/products?active=true')).not.toContain(p.id);
    expect(await listIds(app, apiKey, '/v1/products')).toContain(p.id);
  });

  it('changes a price nickname and archives it, but never its amount', async () => {
    const price = await f.price({ unit_amount: 4900 });
    const edited = expectOk(await app.api(apiKey, 'POST', `/v1/prices/${price.id}`, { nickname: 'Monthly', active: false }));
    expect(edited).toMatchObject({ id: price.id, nickname: 'Monthly', active: false, unit_amount: 4900 });
    expectError(await app.api(apiKey, 'POST', `/v1/prices/${price.id}`, { unit_amount: 100 }), 400, 'parameter_unknown', 'unit_amount');
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/prices/${price.id}`)).unit_amount).toBe(4900);
    expect(await listIds(app, apiKey, `/v1/prices?product=${price.product}&active=true`)).toEqual([]);
    expect(await listIds(app, apiKey, `/v1/prices?product=${price.product}&active=false`)).toEqual([price.id]);
  });

  it('lists, renames and archives tax rates; the percentage stays', async () => {
    const rate = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'VAT', percentage: 21, inclusive: true }));
    expect(await listIds(app, apiKey, '/v1/tax_rates')).toContain(rate.id);
    const edited = expectOk(await app.api(apiKey, 'POST', `/v1/tax_rates/${rate.id}`, { display_name: 'PVN', active: false }));
    expect(edited).toMatchObject({ display_name: 'PVN', active: false, percentage: 21, inclusive: true });
    expectError(await app.api(apiKey, 'POST', `/v1/tax_rates/${rate.id}`, { percentage: 5 }), 400, 'parameter_unknown', 'percentage');
    expect(await listIds(app, apiKey, '/v1/tax_rates?active=true')).not.toContain(rate.id);
  });

  it('refuses bad edits with the field named, and leaves the entry alone', async () => {
    const p = await f.product('Yoga');
    expectError(await app.api(apiKey, 'POST', `/v1/products/${p.id}`, { name: '   ' }), 400, 'parameter_invalid', 'name');
    expectError(await app.api(apiKey, 'POST', `/v1/products/${p.id}`, { active: 'no' }), 400, 'parameter_invalid', 'active');
    expectError(await app.api(apiKey, 'GET', '/v1/products?active=maybe'), 400, 'parameter_invalid', 'active');
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/products/${p.id}`))).toEqual(p);
  });

  it("cannot see or edit another business's catalog", async () => {
    const p = await f.product('Secret');
    const price = await f.price({ product: p.id });
    const rate = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'GST', percentage: 7, inclusive: false }));
    expectError(await app.api(otherKey, 'POST', `/v1/products/${p.id}`, { active: false }), 404, 'resource_missing');
    expectError(await app.api(otherKey, 'POST', `/v1/prices/${price.id}`, { active: false }), 404, 'resource_missing');
    expectError(await app.api(otherKey, 'POST', `/v1/tax_rates/${rate.id}`, { active: false }), 404, 'resource_missing');
    expect(await listIds(app, otherKey, '/v1/tax_rates')).not.toContain(rate.id);
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/products/${p.id}`)).active).toBe(true);
    expect((await app.api(null, 'GET', '/v1/tax_rates')).status).toBe(401);
  });
});
