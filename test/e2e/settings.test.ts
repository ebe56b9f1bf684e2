import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, seriousAccessibilityViolations, signInWithSession, startWebTestApp, type WebTestApp } from '../support/browser.ts';
import { createStaffUser } from '../support/staff.ts';

const SHOTS = process.env.DULY_SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Serious axe findings inside the settings area (the shell around it is checked by the tour of the main pages). */
async function settingsViolations(page: Page) {
  const found = [];
  for (const violation of await seriousAccessibilityViolations(page)) {
    for (const node of violation.nodes) {
      const inside = await page.evaluate((selector) => document.querySelector(selector)?.closest('[data-settings-area]') != null, node.target[0]!);
      if (inside) found.push({ id: violation.id, target: node.target.join(' ') });
    }
  }
  return found;
}

describe.skipIf(browserMissing)('settings in the back office', () => {
  let web: WebTestApp;
  let apiKey: string;
  let owner: { email: string; password: string };
  let manager: { email: string; password: string };

  async function signedInPage(
    who: { email: string; password: string },
    viewport: 'desktop' | 'phone' = 'desktop',
  ): Promise<{ page: Page; context: BrowserContext }> {
    const { page, context } = await web.newPage({ viewport });
    await signInWithSession(context, who);
    return { page, context };
  }

  beforeAll(async () => {
    web = await startWebTestApp();
    const tenant = await web.tenant({ name: 'Sunrise Pilates', currency: 'eur', timezone: 'Europe/Riga' });
    apiKey = tenant.apiKey;
    owner = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'owner' });
    manager = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'manager' });
  });
  afterAll(async () => web?.stop());

  it('saves a new brand colour that is still there after a reload, and previews it on the invoice header', async () => {
    const { page, context } = await signedInPage(owner);
    await page.goto('/app/settings');
    await page.waitForURL(/\/app\/settings\/business$/);
    const colour = page.getByLabel('Brand colour');
    await colour.fill('#c2255c');
    await colour.press('Tab');
    const bar = page.getByTestId('preview-bar');
    expect(await bar.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 37, 92)');
    await page.getByRole('region', { name: 'Branding' }).getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByLabel('Brand colour').waitFor();
    expect(await page.getByLabel('Brand colour').inputValue()).toBe('#c2255c');
    expect((await web.api(apiKey, 'GET', '/v1/business')).body.brand_color).toBe('#c2255c');
    expect(await settingsViolations(page)).toEqual([]);
    await shot(page, 'settings-business');
    await context.close();
  });

  it('shows a new API key once, with a warning, and afterwards lists only its prefix', async () => {
    const { page, context } = await signedInPage(owner);
    await page.goto('/app/settings/api-keys');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText(/must not be empty|Required|too small/i).waitFor();
    await dialog.getByLabel('Name').fill('Accounting export');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    const secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^sk_test_[A-Za-z0-9_-]{20,}$/);
    await page.getByText('it will not be shown again').waitFor();
    // The key works against the API.
    expect((await web.api(secret, 'GET', '/v1/business')).status).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByTestId('api-key-row').filter({ hasText: 'Accounting export' });
    await row.getByText(`${secret.slice(0, 12)}…`).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByTestId('api-key-row').filter({ hasText: 'Accounting export' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await shot(page, 'settings-api-keys');

    // Revoking asks first, then the key stops working.
    await row.getByRole('button', { name: 'Revoke key Accounting export' }).click();
    await page.getByRole('dialog', { name: 'Revoke this API key?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await web.api(secret, 'GET', '/v1/business')).status).toBe(401);
    await context.close();
  });

  it('never sends the saved SMTP password back: the field is empty and says it is saved', async () => {
    const { page, context } = await signedInPage(owner);
    await page.goto('/app/settings/channels');
    const email = page.getByRole('form', { name: 'Email (SMTP)' });
    await email.getByLabel('SMTP server').fill('smtp.sunrise.example');
    await email.getByLabel('From address').fill('billing@sunrise.example');
    await email.getByLabel('SMTP password').fill('hunter2-very-secret');
    await email.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    const reloaded = page.getByRole('form', { name: 'Email (SMTP)' });
    await reloaded.getByTestId('secret-saved').waitFor();
    expect(await reloaded.getByLabel('SMTP server').inputValue()).toBe('smtp.sunrise.example');
    // Nothing in the page holds the password, not even a hidden input.
    expect(await page.content()).not.toContain('hunter2-very-secret');
    const values = await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values).not.toContain('hunter2-very-secret');
    // Replace opens an empty field.
    await reloaded.getByRole('button', { name: 'Replace SMTP password' }).click();
    expect(await reloaded.getByLabel('SMTP password').inputValue()).toBe('');
    // Changing the host without retyping the password keeps it.
    await reloaded.getByRole('button', { name: 'Keep the saved value' }).click();
    await reloaded.getByLabel('SMTP server').fill('smtp2.sunrise.example');
    await reloaded.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').first().waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('form', { name: 'Email (SMTP)' }).getByTestId('secret-saved').waitFor();
    const settings = await web.api(apiKey, 'GET', '/v1/messaging_settings');
    expect(JSON.stringify(settings.body)).not.toContain('hunter2');
    await shot(page, 'settings-channels');
    await context.close();
  });

  it('hides owner-only sections from a manager and fits a phone screen', async () => {
    const { page, context } = await signedInPage(manager, 'phone');
    await page.goto('/app/settings/business');
    await page.getByText('Only an owner of this business can change these settings').waitFor();
    expect(await page.getByLabel('Business name').isDisabled()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'settings-phone');
    // On a phone the sections are a list to pick from; owner-only ones are not offered.
    await page.getByRole('navigation', { name: 'Settings sections' }).locator('input').first().click();
    await page.getByRole('option', { name: 'Reminder ladder' }).waitFor();
    expect(await page.getByRole('option', { name: 'API keys' }).count()).toBe(0);
    expect(await page.getByRole('option', { name: 'Channels and payments' }).count()).toBe(0);
    await page.getByRole('option', { name: 'Reminder ladder' }).click();
    await page.waitForURL(/\/app\/settings\/reminders$/);
    await page.getByRole('heading', { name: 'Reminder ladder' }).waitFor();
    await context.close();
  });
});
