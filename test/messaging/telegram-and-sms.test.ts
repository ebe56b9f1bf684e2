import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSmsApi, json, startFakeSmsApi } from '../channels/support/fake-sms-api.ts';
import { type FakeTelegramApi, startFakeTelegramApi } from '../channels/support/fake-telegram-api.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TOKEN = '123456:TEST-token';

/** Clients on Telegram get the invoice as a document; clients known only by phone get an SMS; failures are kept, not lost. */
describe('Telegram and SMS delivery', () => {
  let app: TestApp;
  let telegram: FakeTelegramApi;
  let sms: FakeSmsApi;

  beforeAll(async () => {
    app = await startTestApp();
    telegram = await startFakeTelegramApi({ token: TOKEN, chats: ['777001'] });
    sms = await startFakeSmsApi('sms-key');
  });
  afterAll(async () => {
    await telegram.close();
    await sms.close();
    await app.stop();
  });

  async function subscribe(apiKey: string, customer: Record<string, unknown>) {
    const c = (await app.api(apiKey, 'POST', '/v1/customers', customer)).body;
    await app.api(apiKey, 'POST', `/v1/customers/${c.id}/payment_methods`, { token: 'pm_card_visa' });
    const product = (await app.api(apiKey, 'POST', '/v1/products', { name: 'Lessons' })).body;
    const price = (await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 8000, recurring: { interval: 'month' } }))
      .body;
    await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: c.id, items: [{ price: price.id }] });
    return c;
  }

  it('sends the invoice PDF as a Telegram document to a client who linked Telegram', async () => {
    const { apiKey } = await app.tenant({ name: 'Piano Lessons' });
    const settings = await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { token: TOKEN, api_root: telegram.apiRoot });
    expect(settings.status).toBe(200);
    // A saved secret never comes back over the wire.
    expect(settings.body.config.token).toBeUndefined();
    expect(settings.body.config.token_set).toBe(true);
    await subscribe(apiKey, { name: 'Nguyễn Thị Mai', telegram: '777001', preferred_locales: ['vi'] });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    const docs = telegram.documents.filter((d) => d.chatId === '777001');
    expect(docs).toHaveLength(1);
    expect(docs[0]!.file.content.subarray(0, 5).toString()).toBe('%PDF-');
    const texts = telegram.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '777001');
    expect(texts.some((c) => /[ăâđêôơưạảấầẩẫậ]/i.test(String(c.params.text)))).toBe(true);
  });

  it('texts a phone-only client, retries a failing provider and records the failure instead of losing it', async () => {
    const { apiKey } = await app.tenant({ name: 'Tutor Anna' });
    await app.api(apiKey, 'POST', '/v1/messaging_settings/sms', { endpoint: sms.endpoint, api_key: 'sms-key', from: 'Tutor' });
    sms.reply((_req, res) => json(res, 503, { error: { message: 'provider down' } }));
    const customer = await subscribe(apiKey, { name: 'Phone Only', phone: '+37120000000' });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    const failing = await app.api(apiKey, 'GET', `/v1/messages?customer=${customer.id}`);
    expect(failing.body.data.length).toBeGreaterThan(0);
    for (const m of failing.body.data) {
      expect(m.channel).toBe('sms');
      expect(m.attempts).toBeGreaterThan(1);
    }
    // Days of provider failure: every message ends failed with the provider's error on record.
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 5 });
    const failed = await app.api(apiKey, 'GET', `/v1/messages?customer=${customer.id}`);
    for (const m of failed.body.data) expect(m).toMatchObject({ status: 'failed', channel: 'sms', recipient: '+37120000000' });
    expect(failed.body.data[0].last_error).toMatch(/503|down/);

    // The provider recovers: new messages go out, each once, with Duly's id as the idempotency key.
    sms.reply(undefined);
    const before = sms.requests.length;
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 31 });
    const sent = sms.requests.slice(before).filter((r) => (r.body as { to?: string }).to === '+37120000000');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    const keys = sent.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('asks for the bot token and SMS key the first time, then keeps them when a settings form leaves them out', async () => {
    const { apiKey } = await app.tenant({ name: 'Guitar Lessons' });
    const first = await app.api(apiKey, 'POST', '/v1/messaging_settings/sms', { endpoint: sms.endpoint, from: 'Guitar' });
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ code: 'parameter_missing', param: 'api_key' });
    expect((await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { api_root: telegram.apiRoot })).body.error.param).toBe('token');

    await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { token: TOKEN, api_root: telegram.apiRoot });
    const edited = await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { api_root: telegram.apiRoot, enabled: true });
    expect(edited.status).toBe(200);
    expect(edited.body.config.token_set).toBe(true);
    // The kept token still works: a client who linked Telegram gets the invoice there.
    const before = telegram.documents.filter((d) => d.chatId === '777001').length;
    await subscribe(apiKey, { name: 'Lāsma Ozola', telegram: '777001', preferred_locales: ['lv'] });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    expect(telegram.documents.filter((d) => d.chatId === '777001')).toHaveLength(before + 1);
  });
});
