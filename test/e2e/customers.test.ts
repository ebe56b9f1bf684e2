import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  missingTranslations,
  seriousAccessibilityViolations,
  signInWithSession,
  startWebTestApp,
  type WebTestApp,
} from '../support/browser.ts';
import { createStaffUser } from '../support/staff.ts';

const SHOTS = process.env.DULY_SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe.skipIf(browserMissing)('customers and invoices in the back office', () => {
  let web: WebTestApp;
  let apiKey: string;
  let staff: { email: string; password: string };
  beforeAll(async () => {
    web = await startWebTestApp();
    const tenant = await web.tenant({ name: 'Sunrise Yoga', currency: 'eur', timezone: 'Europe/Riga' });
    apiKey = tenant.apiKey;
    staff = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'manager' });
  });
  afterAll(async () => web?.stop());

  it('creates a customer (showing the server’s complaint on the email field first), bills them once and records their bank transfer', async () => {
    const { page, context } = await web.newPage();
    // Signed in through /auth as the back office does (the sign-in page has its own test).
    await signInWithSession(context, staff);
    await page.goto('/app/customers');
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByText('No customers yet').waitFor();

    await page.getByRole('button', { name: 'New customer' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('Name', { exact: false }).first().fill('Anna Bērziņa');
    const email = dialog.getByLabel('Email', { exact: true });
    await email.fill('anna-at-example');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.getByText('Enter a valid email address').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').find((id) => id.includes('error'))}"]`).textContent()).toContain('valid email address');
    await shot(page, 'customer-form-error');

    await email.fill('anna@example.com');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/app\/customers\/cus_[0-9a-z]+$/);
    const customerId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Anna Bērziņa' }).waitFor();
    await page.getByText('anna@example.com').first().waitFor();
    await shot(page, 'customer-profile');

    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.waitForURL(/\/app\/invoices\/new\?customer=/);
    await page.getByRole('heading', { name: 'New one-off invoice' }).waitFor();
    await expect.poll(() => page.getByLabel('Customer', { exact: false }).first().inputValue()).toContain('Anna Bērziņa');
    await page.getByLabel('Description', { exact: true }).last().fill('Ten-class pass');
    await page.getByLabel('Unit price (EUR)').fill('45.00');
    await page.getByText('Total €45.00', { exact: true }).waitFor();
    await shot(page, 'invoice-new');
    await page.getByRole('button', { name: 'Create and finalise' }).click();
    await page.waitForURL(/\/app\/invoices\/in_[0-9a-z]+$/);
    const invoiceId = page.url().split('/').pop()!;
    await page.getByText('Open', { exact: true }).first().waitFor();
    await expect.poll(() => page.getByTestId('amount-remaining').textContent()).toBe('€45.00');

    await page.getByRole('button', { name: 'Record payment' }).click();
    const payment = page.getByRole('dialog', { name: 'Record payment' });
    expect(await payment.getByLabel('Amount (EUR)').inputValue()).toBe('45.00');
    await payment.getByLabel('Reference').fill('SEPA 2026-11-26');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText('Payment recorded.').waitFor();
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expect.poll(() => page.getByTestId('amount-remaining').textContent()).toBe('€0.00');
    await page.getByRole('cell', { name: 'SEPA 2026-11-26' }).waitFor();
    await shot(page, 'invoice-paid');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The server agrees: the invoice is paid by a bank transfer recorded against this customer.
    const invoice = await web.api(apiKey, 'GET', `/v1/invoices/${invoiceId}`);
    expect(invoice.body).toMatchObject({ customer: customerId, status: 'paid', total: 4500, amount_remaining: 0 });
    const payments = await web.api(apiKey, 'GET', `/v1/payments?customer=${customerId}`);
    expect(payments.body.data).toMatchObject([{ invoice: invoiceId, method: 'bank_transfer', amount: 4500, reference: 'SEPA 2026-11-26' }]);

    // The profile's invoices tab shows it paid, and the list search finds the customer by email.
    await page.goto(`/app/customers/${customerId}`);
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page.getByRole('tabpanel').getByText('Paid', { exact: true }).waitFor();
    await page.goto('/app/customers');
    await page.getByLabel('Search customers').fill('anna@exa');
    await page.getByRole('link', { name: 'Anna Bērziņa' }).waitFor();
    await page.getByLabel('Search customers').fill('nobody-here');
    await page.getByText('No customer matches “nobody-here”.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await missingTranslations(page)).toEqual([]);
    await context.close();
  });
});
