import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffUser } from '../../src/modules/staff/index.ts';
import { formatMoney } from '../../web/shared/format.ts';
import { browserMissing, signInWithSession, startWebTestApp, type WebTestApp } from '../support/browser.ts';

const OWNER = { email: 'owner@w3-gym.example', password: 'catalog-and-subscriptions-1' };

/**
 * The catalog and subscriptions pages as the owner uses them: sell a new plan, subscribe a
 * member, see the first invoice, preview a mid-period plan change and get billed exactly the
 * previewed amount, then cancel at the end of the period.
 */
describe.skipIf(browserMissing)('catalog and subscriptions in the back office', () => {
  let web: WebTestApp;
  let apiKey: string;
  beforeAll(async () => {
    web = await startWebTestApp();
    const business = await web.tenant({ name: 'Riga Gym', currency: 'eur', timezone: 'Europe/Riga' });
    apiKey = business.apiKey;
    await addStaffUser(web.ctx, { tenantId: business.ctx.id, email: OWNER.email, password: OWNER.password, role: 'owner' });
    const anna = await web.api(apiKey, 'POST', '/v1/customers', { name: 'Anna Bērziņa', email: 'anna@example.lv' });
    expect((await web.api(apiKey, 'POST', `/v1/customers/${anna.body.id}/payment_methods`, { token: 'pm_card_visa' })).status).toBe(200);
  });
  afterAll(async () => web?.stop());

  /** Signs in with the owner's password (the sign-in page has its own test) and opens a path. */
  async function signedIn(path: string, viewport: 'desktop' | 'phone' = 'desktop') {
    const { context, page } = await web.newPage({ viewport });
    await signInWithSession(context, OWNER);
    await page.goto(path);
    await page.getByRole('navigation').waitFor();
    return { context, page };
  }

  const dialog = (page: Page) => page.getByRole('dialog');

  it('creates a plan, subscribes a member, previews a plan change that bills exactly the preview, and cancels at period end', async () => {
    const { context, page } = await signedIn('/app/catalog');

    // A new product with a monthly price.
    // The empty catalog offers the button twice (header and empty state).
    await page.getByRole('button', { name: 'New product' }).first().click();
    await dialog(page).getByLabel('Name').fill('Personal training');
    await dialog(page).getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: 'Personal training' }).waitFor();
    await page.getByRole('button', { name: 'Add price' }).click();
    await dialog(page).getByLabel('Amount').fill('120');
    await dialog(page).getByRole('button', { name: 'Add price' }).click();
    await page.getByRole('cell', { name: '€120.00 per month', exact: true }).waitFor();

    // Subscribe Anna (she has a card) to it: the first invoice is charged at once.
    await page.getByRole('navigation').getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('button', { name: 'New subscription' }).first().click();
    await dialog(page).getByLabel('Customer').fill('Anna');
    await page.getByRole('option', { name: /Anna Bērziņa/ }).click();
    await dialog(page).getByLabel('Price').click();
    await page.getByRole('option', { name: 'Personal training · €120.00 per month' }).click();
    await dialog(page).getByRole('button', { name: 'Start subscription' }).click();
    await page.waitForURL(/\/app\/subscriptions\/sub_[0-9a-z]+$/);
    await page.getByRole('heading', { name: 'Subscription', exact: true }).waitFor();
    const subscriptionId = page.url().split('/').at(-1)!;
    expect(subscriptionId).toMatch(/^sub_/);
    const firstInvoice = page.getByRole('table', { name: 'Invoices' }).getByRole('row').nth(1);
    await expect.poll(() => firstInvoice.textContent()).toMatch(/PAID[\s\S]*€120\.00/i);

    // Ten days into the period, double the quantity: the preview shows the prorated amount.
    expect((await web.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 10 })).status).toBe(200);
    await page.getByRole('button', { name: 'Change plan' }).click();
    await dialog(page).getByLabel('Quantity').fill('2');
    const due = dialog(page).getByTestId('amount-due-now');
    await due.waitFor();
    const previewed = await due.textContent();
    // A credit line for the unused time and a charge line for the two seats, under the header row.
    const lines = dialog(page).getByRole('table', { name: 'What the customer will be billed' }).getByRole('row');
    expect(await lines.count()).toBe(3);
    await expect
      .poll(() =>
        dialog(page)
          .getByText(/will be charged to the customer's saved card/)
          .isVisible(),
      )
      .toBe(true);
    await dialog(page).getByRole('button', { name: 'Confirm change' }).click();
    await dialog(page).waitFor({ state: 'detached' });

    const invoices = await web.api(apiKey, 'GET', `/v1/invoices?subscription=${subscriptionId}`);
    const change = invoices.body.data.find((i: { billing_reason: string }) => i.billing_reason === 'subscription_update');
    // About two thirds of a month of one more seat: more than nothing, less than a full month.
    expect(change.amount_paid).toBeGreaterThan(0);
    expect(change.amount_paid).toBeLessThan(12_000);
    expect(formatMoney(change.amount_paid, 'EUR', 'en')).toBe(previewed);
    await page.getByRole('row', { name: new RegExp(change.number) }).waitFor();

    // Cancel at the end of the period: the page says when it ends.
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await expect
      .poll(() =>
        dialog(page)
          .getByRole('radio', { name: /At the end of the current period/ })
          .isChecked(),
      )
      .toBe(true);
    await dialog(page).getByRole('button', { name: 'Cancel at period end' }).click();
    await page.getByText('Cancellation scheduled').waitFor();
    const sub = await web.api(apiKey, 'GET', `/v1/subscriptions/${subscriptionId}`);
    expect(sub.body).toMatchObject({ status: 'active', cancel_at_period_end: true });
    await context.close();
  });

  it('a subscription page fits a phone screen without sideways scrolling of the page', async () => {
    const product = await web.api(apiKey, 'POST', '/v1/products', { name: 'Yoga' });
    const price = await web.api(apiKey, 'POST', '/v1/prices', {
      product: product.body.id,
      currency: 'eur',
      unit_amount: 3900,
      recurring: { interval: 'month' },
    });
    const customer = await web.api(apiKey, 'POST', '/v1/customers', { name: 'Jānis Kalniņš' });
    const sub = await web.api(apiKey, 'POST', '/v1/subscriptions', {
      customer: customer.body.id,
      items: [{ price: price.body.id }],
      collection_method: 'send_invoice',
    });
    const { context, page } = await signedIn(`/app/subscriptions/${sub.body.id}`, 'phone');
    await page.getByRole('button', { name: 'Change plan' }).waitFor();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
