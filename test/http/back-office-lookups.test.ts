import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk, fixtures } from './helpers.ts';

/** What the back office's customer search and "record payment" form rely on. */
describe('customer search by phone and the date a manual payment was received', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
  });
  afterAll(() => app.stop());

  const search = async (key: string, text: string) =>
    expectOk(await app.api(key, 'GET', `/v1/customers?search=${encodeURIComponent(text)}`)).data.map((c: { name: string }) => c.name);

  it('finds a customer by phone as people type it: with spaces, dashes or only the local digits', async () => {
    const f = fixtures(app, apiKey);
    await f.customer({ name: 'Ilze Kalniņa', phone: '+37126123456' });
    await f.customer({ name: 'Pēteris Liepa', phone: '+37129999999' });
    expect(await search(apiKey, '+371 2612 3456')).toEqual(['Ilze Kalniņa']);
    expect(await search(apiKey, '26-123-456')).toEqual(['Ilze Kalniņa']);
    expect(await search(apiKey, '(371) 2999')).toEqual(['Pēteris Liepa']);
    // Two digits are too few to mean a phone; a name search still works as before.
    expect(await search(apiKey, '26')).toEqual([]);
    expect(await search(apiKey, 'kalni')).toEqual(['Ilze Kalniņa']);
    expect(await search(otherKey, '+371 2612 3456')).toEqual([]);
  });

  it('records when a bank transfer arrived, refuses a date in the future, and defaults to now', async () => {
    const f = fixtures(app, apiKey);
    const customer = await f.customer({ name: 'Late Payer' });
    const now = Math.floor(Date.now() / 1000);
    const yesterday = now - 86_400;
    const backdated = expectOk(
      await app.api(apiKey, 'POST', '/v1/payments', { customer: customer.id, amount: 2500, currency: 'usd', method: 'bank_transfer', received_at: yesterday }),
    );
    expect(backdated.created).toBe(yesterday);
    expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${backdated.id}`)).created).toBe(yesterday);

    expectError(
      await app.api(apiKey, 'POST', '/v1/payments', { customer: customer.id, amount: 2500, currency: 'usd', method: 'cash', received_at: now + 7 * 86_400 }),
      400,
      'parameter_invalid',
      'received_at',
    );
    expectError(
      await app.api(apiKey, 'POST', '/v1/payments', { customer: customer.id, amount: 2500, method: 'cash', received_at: 'yesterday' }),
      400,
      'parameter_invalid',
      'received_at',
    );
    const today = expectOk(await app.api(apiKey, 'POST', '/v1/payments', { customer: customer.id, amount: 100, method: 'cash' }));
    expect(Math.abs(today.created - Math.floor(Date.now() / 1000))).toBeLessThan(60);
    const list = expectOk(await app.api(apiKey, 'GET', `/v1/payments?customer=${customer.id}`));
    expect(list.data.map((p: { amount: number }) => p.amount).sort()).toEqual([100, 2500]);
  });
});
