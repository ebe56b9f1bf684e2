import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, seriousAccessibilityViolations, signInThroughUi, startWebTestApp, type WebTestApp } from '../support/browser.ts';
import { createStaffUser, totpCode } from '../support/staff.ts';

/**
 * The owner's day from issue 5, through the real UI on the real server: sign in with a TOTP code,
 * create a customer and a subscription, move the test clock past the renewal, find the failed
 * payment in collections, record the client's bank transfer, and watch the dashboard change.
 */
describe.skipIf(browserMissing)("an owner's day in the back office", () => {
  let web: WebTestApp;
  let apiKey: string;
  let owner: { email: string; password: string; totpSecret?: string };

  beforeAll(async () => {
    web = await startWebTestApp();
    const tenant = await web.tenant({ name: 'Sunrise Yoga', currency: 'eur', timezone: 'Europe/Riga' });
    apiKey = tenant.apiKey;
    owner = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'owner', mfa: true });
    const product = await web.api(apiKey, 'POST', '/v1/products', { name: 'Monthly membership' });
    const price = await web.api(apiKey, 'POST', '/v1/prices', {
      product: product.body.id,
      currency: 'eur',
      unit_amount: 4900,
      recurring: { interval: 'month' },
    });
    expect(price.status).toBe(200);
  });
  afterAll(async () => web?.stop());

  it('runs from sign-in to a paid invoice, and the dashboard follows', async () => {
    const { page, context } = await web.newPage();

    // A wrong authentication code is refused on the page; the right one signs in.
    await page.goto('/app/');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const wrong = totpCode(owner.totpSecret!) === '000000' ? '111111' : '000000';
    await page.getByLabel('Authentication code').fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not correct.').first().waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await signInThroughUi(page, { email: owner.email, password: owner.password, totpCode: () => totpCode(owner.totpSecret!) }).catch(async () => {
      // Still on the code step after the wrong code: enter the right one there.
      await page.getByLabel('Authentication code').fill(totpCode(owner.totpSecret!));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('navigation').waitFor();
    });

    // A new customer through the form.
    await page.goto('/app/customers');
    await page.getByRole('button', { name: 'New customer' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('Name', { exact: false }).first().fill('Anna Bērziņa');
    await dialog.getByLabel('Email', { exact: true }).fill('anna@example.com');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/app\/customers\/cus_[0-9a-z]+$/);
    const customerId = page.url().split('/').pop()!;

    // Her card works today (a sandbox test card).
    expect((await web.api(apiKey, 'POST', `/v1/customers/${customerId}/payment_methods`, { token: 'pm_card_visa' })).status).toBe(200);

    // A subscription through the form: the first month is charged at once.
    await page.getByRole('navigation').getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('button', { name: 'New subscription' }).first().click();
    const subscription = page.getByRole('dialog');
    await subscription.getByLabel('Customer').fill('Anna');
    await page.getByRole('option', { name: /Anna Bērziņa/ }).click();
    await subscription.getByLabel('Price').click();
    await page.getByRole('option', { name: /Monthly membership/ }).click();
    await subscription.getByRole('button', { name: 'Start subscription' }).click();
    await page.waitForURL(/\/app\/subscriptions\/sub_[0-9a-z]+$/);
    await page.getByRole('heading', { name: 'Subscription', exact: true }).waitFor();

    // Then she saves a card with no money on it, and forty days later by the test clock: the renewal was declined.
    const emptyCard = await web.api(apiKey, 'POST', `/v1/customers/${customerId}/payment_methods`, { token: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(emptyCard.status).toBe(200);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Test clock' }).click();
    await page.getByLabel('Days to advance').fill('40');
    await page.getByRole('button', { name: 'Advance the clock' }).click();
    await page.getByText('The test clock has moved forward.').waitFor({ timeout: 60_000 });

    // The failed payment is waiting in collections.
    await page.getByRole('navigation').getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Anna Bērziņa' }).first().click();
    await page
      .getByRole('main')
      .getByText(/€49\.00/)
      .first()
      .waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // She pays by bank transfer; the owner records it on the invoice.
    const collectedBefore = await kpi('Collected this month');
    const open = await web.api(apiKey, 'GET', `/v1/invoices?customer=${customerId}&status=open`);
    expect(open.body.data).toHaveLength(1);
    await page.goto(`/app/invoices/${open.body.data[0].id}`);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const payment = page.getByRole('dialog', { name: 'Record payment' });
    await payment.getByLabel('Reference').fill('SEPA transfer');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText('Payment recorded.').waitFor();
    await expect.poll(() => page.getByTestId('amount-remaining').textContent()).toBe('€0.00');

    // The dashboard counts the money collected.
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => kpi('Collected this month')).not.toBe(collectedBefore);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();

    /** The figure on a dashboard card, found by its title. */
    async function kpi(title: string): Promise<string> {
      if (!page.url().endsWith('/app/')) await page.goto('/app/');
      const card = page.getByRole('main').locator('div', { hasText: title }).last();
      await card.waitFor();
      return (await card.textContent()) ?? '';
    }
  });
});
