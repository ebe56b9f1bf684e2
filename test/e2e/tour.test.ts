import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoBusiness } from '../../src/cli/seed-demo.ts';
import { browserMissing, missingTranslations, seriousAccessibilityViolations, signInThroughUi, startWebTestApp, type WebTestApp } from '../support/browser.ts';

const LANGUAGES = ['en', 'vi', 'lv', 'th', 'hy'] as const;
// `npm run screenshots` sets this to refresh docs/screenshots; a normal test run writes nothing.
const SCREENSHOT_DIR = process.env.DULY_SCREENSHOTS;
const DEMO_OWNER = { email: 'owner@sunrise.example', password: 'duly-demo-owner' };

/**
 * A walk through the main pages of the demo business, as its owner and as one of its clients:
 * every page renders in all five languages with no catalogue key missing, and the English pages
 * pass axe with no serious or critical violation.
 */
describe.skipIf(browserMissing)('a tour of the main pages in every language', () => {
  let web: WebTestApp;
  let pages: { name: string; path: string }[];
  let portalPath: (language: string) => Promise<string>;

  beforeAll(async () => {
    web = await startWebTestApp();
    const demo = await seedDemoBusiness(web.ctx);
    const customers = await web.api(demo.api_key, 'GET', '/v1/customers?limit=1');
    const invoices = await web.api(demo.api_key, 'GET', '/v1/invoices?limit=1');
    const customer = customers.body.data[0].id;
    pages = [
      { name: 'dashboard', path: '/app/' },
      { name: 'customers', path: '/app/customers' },
      { name: 'customer', path: `/app/customers/${customer}` },
      { name: 'invoices', path: '/app/invoices' },
      { name: 'invoice', path: `/app/invoices/${invoices.body.data[0].id}` },
      { name: 'subscriptions', path: '/app/subscriptions' },
      { name: 'catalog', path: '/app/catalog' },
      { name: 'collections', path: '/app/collections' },
      { name: 'settings', path: '/app/settings' },
    ];
    // A magic link is single use: each visit asks for a new one.
    portalPath = async (language) => {
      // The portal speaks the client's own language, saved on the customer.
      await web.api(demo.api_key, 'POST', `/v1/customers/${customer}`, { preferred_locales: [language] });
      const link = await web.api(demo.api_key, 'POST', `/v1/customers/${customer}/portal_link`, { channel: 'none' });
      expect(link.status).toBe(200);
      const url = new URL(link.body.url);
      return `${url.pathname}${url.search}`;
    };
    if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => web?.stop());

  it.each(LANGUAGES)('the back office in %s', async (language) => {
    const { context, page } = await web.newPage();
    await signInThroughUi(page, DEMO_OWNER);
    // The language switcher's choice, remembered on this device, applies from the next page on.
    await page.evaluate((code) => localStorage.setItem('duly.language', code), language);
    for (const { name, path } of pages) {
      await page.goto(path, { waitUntil: 'networkidle' });
      await page
        .getByRole('main')
        .getByRole('heading')
        .first()
        .waitFor()
        .catch((error: Error) => {
          throw new Error(`${name} (${path}) in ${language} shows no heading: ${error.message}`);
        });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      if (language === 'en') expect(await seriousAccessibilityViolations(page), `axe on ${name}`).toEqual([]);
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/${language}-${name}.png`, fullPage: false });
    }
    expect(await missingTranslations(page)).toEqual([]);
    await context.close();
  });

  it.each(LANGUAGES)('the client portal on a phone in %s', async (language) => {
    const { context, page } = await web.newPage({ viewport: 'phone' });
    await page.goto(await portalPath(language), { waitUntil: 'networkidle' });
    await page.getByRole('heading').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
    if (language === 'en') expect(await seriousAccessibilityViolations(page), 'axe on the portal').toEqual([]);
    if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/${language}-portal.png`, fullPage: true });
    expect(await missingTranslations(page)).toEqual([]);
    await context.close();
  });
});
