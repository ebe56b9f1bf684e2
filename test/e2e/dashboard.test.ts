import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, seriousAccessibilityViolations, signInWithSession, startWebTestApp, type WebTestApp } from '../support/browser.ts';
import { createStaffUser } from '../support/staff.ts';

const SHOTS = process.env.DULY_SCREENSHOTS;
const TZ = 'Europe/Riga';

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * Signs in through the same /auth API the sign-in page calls (the browser context keeps the session
 * cookie); the sign-in page itself is covered by the staff tests. Then opens the dashboard.
 */
async function signIn(context: BrowserContext, page: Page, staff: { email: string; password: string }) {
  await signInWithSession(context, staff);
  await page.goto('/app/');
  await page.getByRole('navigation').waitFor();
}

const kpi = (page: Page, key: string) => page.getByTestId(`kpi-${key}`);

/**
 * The owner's first screen and the collections desk, on the built app and a real database:
 * the dashboard's figures change after a payment recorded through the API, and an overdue
 * invoice shows up in the collections queue with its ladder on the case page.
 */
describe.skipIf(browserMissing)('dashboard and collections in the back office', () => {
  let web: WebTestApp;
  let staff: { email: string; password: string };
  let call: (method: 'GET' | 'POST', url: string, body?: unknown) => Promise<any>;
  let carlInvoice: { id: string; number: string };
  let carl: string;

  beforeAll(async () => {
    web = await startWebTestApp();
    const tenant = await web.tenant({ name: 'Sunrise Yoga', currency: 'eur', timezone: TZ });
    call = async (method, url, body) => {
      const response = await web.api(tenant.apiKey, method, url, body);
      if (response.status !== 200) throw new Error(`${method} ${url} -> ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    staff = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'manager' });
    // Monday 4 January 2027, 10:00 in Riga (07:00 UTC).
    await call('POST', '/v1/test_clock/advance', { to: '2027-01-04T08:00:00Z' });
    const product = await call('POST', '/v1/products', { name: 'Unlimited yoga' });
    const price = await call('POST', '/v1/prices', { product: product.id, currency: 'eur', unit_amount: 3000, recurring: { interval: 'month' } });
    const anna = await call('POST', '/v1/customers', { name: 'Anna Bērziņa' });
    await call('POST', `/v1/customers/${anna.id}/payment_methods`, { token: 'pm_card_visa' });
    await call('POST', '/v1/subscriptions', { customer: anna.id, items: [{ price: price.id }] }); // 30.00 charged today
    carl = (await call('POST', '/v1/customers', { name: 'Carl Ozols', email: 'carl@example.com' })).id;
    const draft = await call('POST', '/v1/invoices', { customer: carl, days_until_due: 3, lines: [{ description: 'Private lesson', unit_amount: 5000 }] });
    carlInvoice = await call('POST', `/v1/invoices/${draft.id}/finalize`); // due 7 January
    // 17 January 00:30 in Riga: ten days late; the friendly reminder went out, the firm one is due later today.
    await call('POST', '/v1/test_clock/advance', { to: '2027-01-16T22:30:00Z' });
  });
  afterAll(async () => web?.stop());

  it('shows the key figures, charts and today’s work, and the figures change after a manual payment', async () => {
    const { page, context } = await web.newPage();
    await signIn(context, page, staff);
    await page.getByRole('heading', { name: 'Dashboard', level: 2 }).waitFor();
    await expect.poll(() => kpi(page, 'collected').textContent()).toBe('€30.00');
    expect(await kpi(page, 'outstanding').textContent()).toBe('€50.00');
    expect(await kpi(page, 'overdue').textContent()).toBe('€50.00');
    expect(await kpi(page, 'mrr').textContent()).toBe('€30.00');
    await page.getByRole('heading', { name: 'Revenue trend' }).waitFor();
    await page.getByRole('heading', { name: 'Receivables aging' }).waitFor();
    const work = page.getByRole('row', { name: /Reminder due.*Carl Ozols/ });
    await work.waitFor();
    expect(await work.getByRole('link', { name: carlInvoice.number }).getAttribute('href')).toBe(`/app/invoices/${carlInvoice.id}`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot(page, 'dashboard');

    await call('POST', '/v1/payments', { customer: carl, invoice: carlInvoice.id, amount: 2000, method: 'bank_transfer' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => kpi(page, 'collected').textContent()).toBe('€50.00');
    expect(await kpi(page, 'outstanding').textContent()).toBe('€30.00');
    expect(await kpi(page, 'overdue').textContent()).toBe('€30.00');
    await context.close();
  });

  it('lists the overdue customer in the collections queue, and the case page shows the ladder and the messages sent', async () => {
    const { page, context } = await web.newPage();
    await signIn(context, page, staff);
    await page.goto('/app/collections');
    await page.getByRole('heading', { name: 'Collections', level: 2 }).waitFor();
    const row = page.getByRole('row', { name: /Carl Ozols/ });
    await row.waitFor();
    const [kase] = (await call('GET', '/v1/collections')).data;
    expect(kase).toMatchObject({ customer: carl, days_overdue: 10 });
    await expect.poll(() => row.textContent()).toContain(`€${(kase.amount_overdue / 100).toFixed(2)}`);
    expect(await row.textContent()).toContain('10 days');
    expect(await row.textContent()).toContain('Friendly reminder');
    expect(await row.textContent()).toContain('Firm reminder');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot(page, 'collections-queue');

    await row.getByRole('link', { name: 'Carl Ozols' }).click();
    await page.waitForURL(/\/app\/collections\/case_[0-9a-z]+$/);
    await page.getByRole('heading', { name: 'Carl Ozols', level: 2 }).waitFor();
    const ladder = page.locator(`[data-invoice="${carlInvoice.id}"]`);
    await ladder.getByText('Friendly reminder').waitFor();
    expect(await ladder.textContent()).toMatch(/Friendly reminder\s*Sent/);
    expect(await ladder.textContent()).toMatch(/Firm reminder\s*Scheduled/);
    expect(await ladder.textContent()).toMatch(/Final notice\s*Scheduled/);
    await page.getByRole('heading', { name: 'Messages sent' }).waitFor();
    await page
      .getByRole('cell', { name: /carl@example.com/ })
      .first()
      .waitFor();
    expect(await page.getByRole('link', { name: 'Download packet (ZIP)' }).getAttribute('href')).toMatch(/^\/v1\/collections\/case_[0-9a-z]+\/packet$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shot(page, 'collections-case');
    await context.close();
  });

  it('fits a phone: the dashboard cards stack and nothing overflows the page', async () => {
    const { page, context } = await web.newPage({ viewport: 'phone' });
    await signIn(context, page, staff);
    await kpi(page, 'collected').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const [first, second] = await Promise.all([kpi(page, 'collected').boundingBox(), kpi(page, 'outstanding').boundingBox()]);
    expect(second!.y).toBeGreaterThan(first!.y + first!.height); // one card per row
    await shot(page, 'dashboard-phone');
    await context.close();
  });
});
