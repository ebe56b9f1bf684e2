import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('a business bills a member through the API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('creates a customer, saves a card, subscribes, and the first invoice is paid by autopay', async () => {
    const { apiKey } = await app.tenant();
    const customer = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Anna Bērziņa', email: 'Anna@Example.lv' });
    expect(customer.status).toBe(200);
    expect(customer.body.email).toBe('anna@example.lv');
    const pm = await app.api(apiKey, 'POST', `/v1/customers/${customer.body.id}/payment_methods`, { token: 'pm_card_visa' });
    expect(pm.body.card).toMatchObject({ brand: 'visa', last4: '4242' });
    const product = await app.api(apiKey, 'POST', '/v1/products', { name: 'Membership' });
    const price = await app.api(apiKey, 'POST', '/v1/prices', {
      product: product.body.id,
      currency: 'usd',
      unit_amount: 4900,
      recurring: { interval: 'month' },
    });
    expect(price.status).toBe(200);
    const sub = await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.body.id, items: [{ price: price.body.id }] });
    expect(sub.status).toBe(200);
    expect(sub.body.status).toBe('active');
    const invoices = await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.body.id}`);
    expect(invoices.body.data).toHaveLength(1);
    expect(invoices.body.data[0]).toMatchObject({ status: 'paid', total: 4900, amount_paid: 4900, amount_remaining: 0 });
    expect(invoices.body.data[0].number).toMatch(/^SUN-\d{4}-000001$/);

    const advanced = await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 62 });
    expect(advanced.status).toBe(200);
    const after = await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.body.id}`);
    expect(after.body.data.map((i: { status: string }) => i.status)).toEqual(['paid', 'paid', 'paid']);
  });
});
