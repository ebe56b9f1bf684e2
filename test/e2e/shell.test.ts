import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, startWebTestApp, type WebTestApp } from '../support/browser.ts';

describe.skipIf(browserMissing)('the web app as a browser loads it', () => {
  let web: WebTestApp;
  beforeAll(async () => {
    web = await startWebTestApp();
  });
  afterAll(async () => web?.stop());

  it('answers /app/ and deep links with the back office page, which asks a signed-out visitor to sign in', async () => {
    const { page, context } = await web.newPage();
    const response = await page.goto('/app/customers/cus_123');
    expect(response?.status()).toBe(200);
    const heading = page.getByRole('heading', { name: 'Sign in' });
    await heading.waitFor();
    expect(await heading.isVisible()).toBe(true);
    await context.close();
  });

  it('serves hashed assets for a year and the pages themselves uncached', async () => {
    const page = await fetch(`${web.baseUrl}/app/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${web.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('does not let a path climb out of the portal folder', async () => {
    const response = await fetch(`${web.baseUrl}/portal/..%2f..%2fpackage.json`);
    expect(await response.text()).not.toContain('"dependencies"');
  });
});
