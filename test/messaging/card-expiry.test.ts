import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('card expiry notice', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('asks the client to update a card 30 days before it expires, once', async () => {
    const { apiKey } = await app.tenant({ name: 'Expiry Fitness', timezone: 'Europe/Riga' });
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', { name: 'Artūrs Liepa', email: 'arturs@example.lv', preferred_locales: ['lv'] })).body;
    const card = (await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/payment_methods`, { token: 'pm_card_visa' })).body.card;
    // The card is valid through the end of its expiry month.
    const validUntil = Date.UTC(card.exp_year, card.exp_month, 1); // first day of the following month
    const notices = async () =>
      (await app.api(apiKey, 'GET', `/v1/messages?customer=${customer.id}`)).body.data.filter((m: { template: string }) => m.template === 'card_expiring');

    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(validUntil - 45 * 86_400_000).toISOString() });
    expect(await notices()).toHaveLength(0);
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(validUntil - 29 * 86_400_000).toISOString() });
    const [notice] = await notices();
    // Found at 02:00 Riga time: it waits for the morning (quiet hours), then goes out.
    expect(notice).toMatchObject({ channel: 'email', recipient: 'arturs@example.lv', locale: 'lv', status: 'queued' });
    expect(notice.text).toContain(card.last4);
    expect(notice.text).toContain(String(card.exp_year));
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(validUntil - 5 * 86_400_000).toISOString() });
    const after = await notices();
    expect(after).toHaveLength(1);
    expect(after[0].status).toBe('sent');
  });
});
