import type { FastifyInstance } from 'fastify';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/app.ts';
import { type Api, advanceTo, clockNow, invoicesOf, monthlyPrice, openTenant } from '../scenarios/scenario-helpers.ts';
import { browserMissing, startWebTestApp, type WebTestApp } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const BASELINE = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** A client whose card is declined as expired, and the card-update link their message carries. */
async function cardUpdateToken(api: Api): Promise<string> {
  const customer = (await api.ok('POST', '/v1/customers', { name: 'Anna Berzina', email: 'anna@example.lv' })).id;
  await api.ok('POST', `/v1/customers/${customer}/payment_methods`, { token: 'pm_card_chargeDeclinedExpiredCard' });
  await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: await monthlyPrice(api, 6000) }] });
  await invoicesOf(api, customer);
  await advanceTo(api, new Date((await clockNow(api)).getTime() + 10 * 60_000).toISOString());
  const notice = (await api.ok('GET', `/v1/messages?customer=${customer}`)).data.find((m: { template: string }) => m.template === 'payment_failed_client');
  return /\/card-update\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(notice.text)![1]!;
}

describe('security headers on every response', () => {
  let app: TestApp;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Harbour Swim School', at: '2027-06-07T08:00:00Z' });
  });
  afterAll(() => app.stop());

  const get = (url: string, headers: Record<string, string> = {}, server: FastifyInstance = app.server) => server.inject({ method: 'GET', url, headers });

  it('API answers are never cached, never sniffed, never framed, and run nothing if opened as a page', async () => {
    for (const response of [
      await get('/v1/customers', { authorization: `Bearer ${api.apiKey}` }),
      await get('/v1/customers'), // 401 error body
      await get('/auth/session'),
      await get('/portal/api/me'),
    ]) {
      expect(response.headers).toMatchObject({ ...BASELINE, 'cache-control': 'no-store' });
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['permissions-policy']).toContain('camera=()');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('the card-update page runs only its own script (by nonce) and Stripe.js, and cannot be framed', async () => {
    const token = await cardUpdateToken(api);
    const page = await get(`/card-update/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ ...BASELINE, 'cache-control': 'no-store' });
    const csp = String(page.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      'frame-src https://js.stripe.com https://hooks.stripe.com',
      "connect-src 'self' https://api.stripe.com",
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    const nonce = /script-src 'self' https:\/\/js\.stripe\.com 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // A fresh nonce per response: a value seen once cannot be replayed into an injection.
    const again = String((await get(`/card-update/${token}`)).headers['content-security-policy']);
    expect(again).not.toContain(nonce);
  });

  it('sends Strict-Transport-Security only for https, and believes a proxy only when DULY_TRUST_PROXY=true', async () => {
    const spoofed = await get('/healthz', { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    process.env.DULY_TRUST_PROXY = 'true';
    let proxied: FastifyInstance | undefined;
    try {
      proxied = await createHttpServer(app.ctx);
      const overTls = await get('/healthz', { 'x-forwarded-proto': 'https' }, proxied);
      expect(overTls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const plain = await get('/healthz', {}, proxied);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      delete process.env.DULY_TRUST_PROXY;
      await proxied?.close();
    }
  });

  it('the API docs keep a policy of their own that still forbids framing and foreign scripts', async () => {
    const docs = await get('/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.headers).toMatchObject(BASELINE);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|https:)/);
  });
});

/** Collects what Chromium reports as blocked by the Content-Security-Policy. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

describe.skipIf(browserMissing)('pages still work under the policy in a real browser', () => {
  let web: WebTestApp;
  let api: Api;

  beforeAll(async () => {
    web = await startWebTestApp();
    api = await openTenant(web, { name: 'Harbour Swim School', at: '2027-06-07T08:00:00Z' });
  });
  afterAll(async () => web?.stop());

  it('a client saves a new card on the card-update page', async () => {
    const token = await cardUpdateToken(api);
    const { page, context } = await web.newPage();
    const violations = cspViolations(page);
    await page.goto(`/card-update/${token}`);
    await page.locator('#test-card').selectOption('pm_card_visa');
    await page.locator('#save').click();
    await page.locator('#form').waitFor({ state: 'detached' }); // the script removes the form once the card is saved
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the API docs render', async () => {
    const { page, context } = await web.newPage();
    const violations = cspViolations(page);
    await page.goto('/docs');
    // Swagger UI renders the whole OpenAPI description first: slow on a busy machine.
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 90_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Duly API');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the back office and the portal load without a blocked script or style', async () => {
    const { page, context } = await web.newPage();
    const violations = cspViolations(page);
    await page.goto('/app/');
    await page.getByRole('heading').first().waitFor();
    await page.goto('/portal/');
    await page.getByRole('heading').first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
