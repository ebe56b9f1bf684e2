import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, fixtures } from '../http/helpers.ts';
import { browserMissing, seriousAccessibilityViolations, startWebTestApp, type WebTestApp } from '../support/browser.ts';

describe.skipIf(browserMissing)('the client portal on a phone', () => {
  let web: WebTestApp;
  beforeAll(async () => {
    web = await startWebTestApp();
  });
  afterAll(async () => web?.stop());

  const phone = () => web.newPage({ viewport: 'phone' });

  /** A business, a client with an open invoice, and a staff-made sign-in link for them. */
  async function clientWithInvoice(name: string) {
    const { apiKey } = await web.tenant({ name, currency: 'eur' });
    const f = fixtures(web, apiKey);
    const customer = await f.customer({ name: 'Anna Bērziņa', email: `anna@${name.toLowerCase().replace(/\W/g, '')}.example` });
    const invoice = await f.openInvoice(customer.id, 4_500);
    const link = expectOk(await web.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    return { apiKey, customer, invoice, path: new URL(link.url).pathname + new URL(link.url).search };
  }

  it('opens a magic link, pays after a decline, updates the card, downloads the PDF and switches language', async () => {
    const { apiKey, customer, invoice, path } = await clientWithInvoice('Sunrise Yoga');
    const { page, context } = await phone();
    await page.goto(path);
    await page.getByRole('heading', { name: 'Sunrise Yoga' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByText(`Invoice ${invoice.number}`, { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Pay: a declined test card shows the bank's reason, a good one pays the invoice.
    await page.getByRole('button', { name: /^Pay / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Card number').fill('4000 0000 0000 9995');
    await dialog.getByLabel('Expiry date (MM/YY)').fill('12/39');
    await dialog.getByLabel('Security code (CVC)').fill('123');
    await dialog.getByRole('button', { name: /^Pay / }).click();
    await dialog.getByText('insufficient funds').waitFor();
    await dialog.getByLabel('Use another card').check();
    await dialog.getByLabel('Card number').fill('4242 4242 4242 4242');
    await dialog.getByLabel('Expiry date (MM/YY)').fill('12/39');
    await dialog.getByLabel('Security code (CVC)').fill('123');
    await dialog.getByRole('button', { name: /^Pay / }).click();
    await page.getByText(`Thank you! Invoice ${invoice.number} is paid.`).waitFor();
    await page.getByText('Nothing to pay. Thank you!').waitFor();
    const paid = expectOk(await web.api(apiKey, 'GET', `/v1/invoices/${invoice.id}`));
    expect(paid.status).toBe('paid');
    await page.getByText('Visa ending in 4242').waitFor();

    // Update the card.
    await page.getByRole('button', { name: 'Update card' }).click();
    await dialog.getByLabel('Card number').fill('5555 5555 5555 4444');
    await dialog.getByLabel('Expiry date (MM/YY)').fill('01/40');
    await dialog.getByLabel('Security code (CVC)').fill('321');
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Mastercard ending in 4444').waitFor();
    const cards = expectOk(await web.api(apiKey, 'GET', `/v1/customers/${customer.id}/payment_methods`));
    expect(cards.data.find((c: { default: boolean }) => c.default).card.last4).toBe('4444');

    // Download the invoice PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: /Download PDF/ })
        .first()
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${invoice.number}.pdf`);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Switch to Latvian: the page follows and the client's record remembers it.
    await page.getByLabel('Language').selectOption('lv');
    await page.getByRole('heading', { name: 'Apmaksātie rēķini' }).waitFor();
    await expect.poll(async () => expectOk(await web.api(apiKey, 'GET', `/v1/customers/${customer.id}`)).preferred_locales[0]).toBe('lv');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('does not show another client’s invoice when the URL is changed', async () => {
    const mine = await clientWithInvoice('Harbor Pilates');
    const f = fixtures(web, mine.apiKey);
    const other = await f.customer({ name: 'Someone Else', email: 'else@example.com' });
    const theirs = await f.openInvoice(other.id, 9_900);
    const { page, context } = await web.newPage({ viewport: 'phone' });
    await page.goto(mine.path);
    await page.getByRole('heading', { name: 'Harbor Pilates' }).waitFor();
    await page.goto(`/portal/invoices/${theirs.id}`);
    await page.getByText('This invoice was not found among yours.').waitFor();
    expect(await page.getByText(theirs.number).count()).toBe(0);
    await page.goto(`/portal/invoices/${mine.invoice.id}`);
    await page.getByText(`Invoice ${mine.invoice.number}`, { exact: true }).waitFor();
    await context.close();
  });

  it('says when a sign-in link has already been used, and offers to email a new one', async () => {
    const { path } = await clientWithInvoice('Used Link Studio');
    const first = await web.newPage({ viewport: 'phone' });
    await first.page.goto(path);
    await first.page.getByRole('heading', { name: 'Used Link Studio' }).waitFor();
    const second = await phone();
    await second.page.goto(path);
    await second.page.getByText('This sign-in link was already used. Ask for a new one below.').waitFor();
    expect(await seriousAccessibilityViolations(second.page)).toEqual([]);
    await second.page.getByLabel('Email').fill('anna@usedlinkstudio.example');
    await second.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await second.page.getByText(/a sign-in link is on its way/).waitFor();
    await first.context.close();
    await second.context.close();
  });

  it('turns automatic payments off and on for the client’s subscription', async () => {
    const { apiKey } = await web.tenant({ name: 'Autopay Boxing', currency: 'usd' });
    const f = fixtures(web, apiKey);
    const customer = await f.customer({ name: 'Sam', email: 'sam@example.com' });
    await f.card(customer.id);
    const sub = expectOk(await web.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: (await f.price()).id }] }));
    const link = expectOk(await web.api(apiKey, 'POST', `/v1/customers/${customer.id}/portal_link`, { channel: 'none' }));
    const { page, context } = await phone();
    await page.goto(new URL(link.url).pathname + new URL(link.url).search);
    const toggle = page.getByLabel('Pay my subscription invoices automatically with my saved card');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The switch follows the server: it flips once the change is saved, not at the click.
    await toggle.click({ force: true });
    await page.getByText('You pay your subscription invoices yourself when they arrive.').waitFor();
    expect(await toggle.isChecked()).toBe(false);
    expect(expectOk(await web.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).collection_method).toBe('send_invoice');
    await toggle.click({ force: true });
    await page.getByText('Your subscription invoices are charged to your card when they are issued.').waitFor();
    expect(expectOk(await web.api(apiKey, 'GET', `/v1/subscriptions/${sub.id}`)).collection_method).toBe('charge_automatically');
    await context.close();
  });

  it('is installable: the manifest names the portal and its icons', async () => {
    const manifest = await (await fetch(`${web.baseUrl}/portal/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ start_url: '/portal/', display: 'standalone' });
    for (const icon of manifest.icons) {
      const png = await fetch(`${web.baseUrl}${icon.src}`);
      expect(png.status).toBe(200);
      expect(
        Buffer.from(await png.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });
});
