import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, advanceDays, advanceTo, clockNow, invoicesOf, monthlyPrice, openTenant } from '../scenarios/scenario-helpers.ts';
import type { TestApp } from '../support/test-app.ts';
import type { FakeStripeApi } from './support/fake-stripe-api.ts';
import { connectStripe, countRows, keysFor, startWithFakeStripe } from './support/stripe-test-setup.ts';

describe('the secure card-update link in failed-payment messages', () => {
  let app: TestApp;
  let fake: FakeStripeApi;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ app, fake, stop } = await startWithFakeStripe());
  });
  afterAll(() => stop());

  const publicCall = (method: 'GET' | 'POST', token: string, body?: unknown) => app.api(null, method, `/v1/card_update/${token}`, body);

  /** A client whose card on file has expired: the first charge is declined and they get the link. */
  async function expiredCardClient(api: Api, name: string, email: string, locale = 'en') {
    const customer = (await api.ok('POST', '/v1/customers', { name, email, preferred_locales: [locale] })).id;
    await api.ok('POST', `/v1/customers/${customer}/payment_methods`, { token: 'pm_card_chargeDeclinedExpiredCard' });
    const plan = await monthlyPrice(api, 6000);
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [invoice] = await invoicesOf(api, customer);
    expect((await api.ok('GET', `/v1/invoices/${invoice.id}/payment_attempts`)).data).toMatchObject([{ status: 'failed', decline_code: 'expired_card' }]);
    await advanceTo(api, new Date((await clockNow(api)).getTime() + 10 * 60_000).toISOString());
    const messages = (await api.ok('GET', `/v1/messages?customer=${customer}`)).data;
    const notice = messages.find((m: any) => m.template === 'payment_failed_client');
    expect(notice?.text).toContain('/card-update/');
    expect(notice.text).not.toContain('/portal/payment-methods');
    const token = /\/card-update\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(notice.text)![1]!;
    return { customer, invoice, token };
  }

  const tamper = (token: string) => {
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return {
      customer: (other: string) => `${Buffer.from(JSON.stringify([claims[0], other, claims[2], claims[3]])).toString('base64url')}.${signature}`,
      expiry: (unix: number) => `${Buffer.from(JSON.stringify([claims[0], claims[1], unix, claims[3]])).toString('base64url')}.${signature}`,
      signature: () => `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
    };
  };

  describe('sandbox business', () => {
    let api: Api;
    let client: Awaited<ReturnType<typeof expiredCardClient>>;

    beforeAll(async () => {
      api = await openTenant(app, { name: 'Harbour Swim School', at: '2027-06-07T08:00:00Z' });
      client = await expiredCardClient(api, 'Anna Berzina', 'anna@example.lv', 'lv');
    });

    it('opens without an API key, for that one client', async () => {
      const view = await publicCall('GET', client.token);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        object: 'card_update',
        business: { name: 'Harbour Swim School' },
        customer: { name: 'Anna Berzina' },
        current_card: { last4: '0069' },
        gateway: 'sandbox',
        client_secret: null,
      });
      expect(view.body.expires_at - Math.floor((await clockNow(api)).getTime() / 1000)).toBeGreaterThan(13 * 86_400);
    });

    it("the link in the message opens a small page in the client's language", async () => {
      const page = await app.server.inject({ method: 'GET', url: `/card-update/${client.token}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.body).toContain('Atjauniniet savu karti');
      expect(page.body).toContain('Anna Berzina, ievadiet karti, no kuras Harbour Swim School');
      expect(page.body).toContain('pm_card_visa');
      const broken = await app.server.inject({ method: 'GET', url: `/card-update/${tamper(client.token).signature()}`, headers: { 'accept-language': 'lv' } });
      expect(broken.statusCode).toBe(404);
      expect(broken.body).toContain('Šī saite nav derīga');
    });

    it('a tampered link (other customer, later expiry, altered signature) is refused and saves nothing', async () => {
      const other = (await api.ok('POST', '/v1/customers', { name: 'Someone Else' })).id;
      for (const forged of [tamper(client.token).customer(other), tamper(client.token).expiry(4_102_444_800), tamper(client.token).signature(), 'abc.def']) {
        const get = await publicCall('GET', forged);
        expect(get.status).toBeGreaterThanOrEqual(400);
        expect(get.status).toBeLessThan(500);
        const post = await publicCall('POST', forged, { payment_method: 'pm_card_visa' });
        expect(post.body.error.code).toMatch(/^(card_update_link_invalid|parameter_invalid)$/);
      }
      expect((await api.ok('GET', `/v1/customers/${other}/payment_methods`)).data).toEqual([]);
      expect((await api.ok('GET', `/v1/customers/${client.customer}/payment_methods`)).data).toHaveLength(1);
    });

    it('an unknown test card is refused without using up the link', async () => {
      const bad = await publicCall('POST', client.token, { payment_method: 'pm_card_nonsense' });
      expect(bad.status).toBe(400);
      expect((await publicCall('GET', client.token)).status).toBe(200);
    });

    it('the new card becomes the default and the waiting invoice is charged within minutes; the link then stops working', async () => {
      const saved = await publicCall('POST', client.token, { payment_method: 'pm_card_visa' });
      expect(saved.status).toBe(200);
      expect(saved.body.payment_method).toMatchObject({ customer: client.customer, card: { last4: '4242' }, default: true });
      await advanceTo(api, new Date((await clockNow(api)).getTime() + 5 * 60_000).toISOString());
      expect(await api.ok('GET', `/v1/invoices/${client.invoice.id}`)).toMatchObject({ status: 'paid', amount_paid: 6000 });
      const attempts = (await api.ok('GET', `/v1/invoices/${client.invoice.id}/payment_attempts`)).data;
      expect(attempts.map((a: any) => a.status)).toEqual(['failed', 'succeeded']);

      for (const again of [await publicCall('GET', client.token), await publicCall('POST', client.token, { payment_method: 'pm_card_mastercard' })]) {
        expect(again.status).toBe(410);
        expect(again.body.error.code).toBe('card_update_link_used');
      }
      expect((await api.ok('GET', `/v1/customers/${client.customer}/payment_methods`)).data).toHaveLength(2);
      const page = await app.server.inject({ method: 'GET', url: `/card-update/${client.token}`, headers: { 'accept-language': 'lv-LV,lv;q=0.9' } });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('Šī saite jau ir izmantota');
    });

    it('a link past its expiry (by the business clock) is refused and changes nothing', async () => {
      const late = await expiredCardClient(api, 'Late Reader', 'late@example.lv');
      await advanceDays(api, 15);
      const get = await publicCall('GET', late.token);
      expect(get.status).toBe(410);
      expect(get.body.error.code).toBe('card_update_link_expired');
      expect((await publicCall('POST', late.token, { payment_method: 'pm_card_visa' })).status).toBe(410);
      expect((await api.ok('GET', `/v1/customers/${late.customer}/payment_methods`)).data).toHaveLength(1);
      expect((await api.ok('GET', `/v1/invoices/${late.invoice.id}`)).status).toBe('open');
    });
  });

  describe('Stripe business', () => {
    let api: Api;
    let client: Awaited<ReturnType<typeof expiredCardClient>>;
    const keys = keysFor('Harbour');

    beforeAll(async () => {
      api = await openTenant(app, { name: 'Riverside Climbing', at: '2027-06-07T08:00:00Z' });
      await connectStripe(api, keys);
      client = await expiredCardClient(api, 'Oskars Kalns', 'oskars@example.lv');
    });

    it('the page gets the client secret of one SetupIntent per link and the publishable key', async () => {
      const first = await publicCall('GET', client.token);
      expect(first.body).toMatchObject({ gateway: 'stripe', publishable_key: keys.publishable_key, customer: { name: 'Oskars Kalns' } });
      expect(first.body.client_secret).toMatch(/^seti_.+_secret_/);
      const second = await publicCall('GET', client.token);
      expect(second.body.client_secret).toBe(first.body.client_secret);
      expect(fake.setupIntents(keys.secret_key)).toHaveLength(1);
      expect(JSON.stringify(first.body)).not.toContain(keys.secret_key);
    });

    it('only the card the client confirmed on this SetupIntent is accepted', async () => {
      const [intent] = fake.setupIntents(keys.secret_key);
      const early = await publicCall('POST', client.token, { payment_method: 'pm_card_visa' });
      expect(early.status).toBe(400);
      expect(early.body.error.code).toBe('card_setup_incomplete');
      const confirmed = fake.confirmSetupIntent(keys.secret_key, intent!.id, 'pm_card_visa');
      const wrong = await publicCall('POST', client.token, { payment_method: 'pm_someoneElses' });
      expect(wrong.body.error.code).toBe('card_setup_incomplete');
      expect(await countRows(app, 'payment_methods', api.tenantId)).toBe(1);

      const saved = await publicCall('POST', client.token, { payment_method: confirmed.payment_method });
      expect(saved.status).toBe(200);
      expect(saved.body.payment_method).toMatchObject({ card: { brand: 'visa', last4: '4242' }, default: true });
    });

    it('the waiting invoice is charged through Stripe with the new card within minutes', async () => {
      await advanceTo(api, new Date((await clockNow(api)).getTime() + 5 * 60_000).toISOString());
      expect(await api.ok('GET', `/v1/invoices/${client.invoice.id}`)).toMatchObject({ status: 'paid', amount_paid: 6000 });
      const intents = fake.paymentIntents(keys.secret_key);
      expect(intents.map((pi) => pi.status)).toEqual(['requires_payment_method', 'succeeded']);
      expect(intents[1]!.payment_method).toBe(fake.setupIntents(keys.secret_key)[0]!.payment_method);
      expect((await publicCall('GET', client.token)).status).toBe(410);
    });
  });
});
