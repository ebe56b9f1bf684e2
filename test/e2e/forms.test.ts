import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/index.ts';
import { intakeRequests } from '../../src/modules/intake/index.ts';
import { messages } from '../../src/modules/messaging/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { expectOk } from '../http/helpers.ts';
import { browserMissing, seriousAccessibilityViolations, startWebTestApp, type WebTestApp } from '../support/browser.ts';

// The real widget does real PBKDF2 work in a worker, only less of it than in production.
process.env.DULY_CAPTCHA_COST = '200';
process.env.DULY_CAPTCHA_COUNTER_MAX = '200';

describe.skipIf(browserMissing)('public web forms in a browser', () => {
  let web: WebTestApp;
  let business: TenantContext;
  let host: Server;
  let hostUrl: string;

  beforeAll(async () => {
    web = await startWebTestApp();
    const created = await web.tenant({ name: 'Sunrise Yoga', timezone: 'Europe/Riga' });
    business = created.ctx;
    expectOk(await web.api(created.apiKey, 'POST', '/v1/intake/settings', { form_slug: 'sunrise-yoga' }));
    // Another site (another origin: localhost, not 127.0.0.1) that embeds the order form with the script tag.
    const port = new URL(web.baseUrl).port;
    host = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="en"><head><title>Sunrise Yoga studio</title></head><body><h1>Our studio</h1>
<script src="http://127.0.0.1:${port}/f/sunrise-yoga/embed.js" data-form="order" data-lang="th" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => host?.close(resolve));
    await web?.stop();
  });

  /** A browser profile that enforces the server's CSP (the shared helper bypasses it for axe), recording any violation. */
  async function openPage(locale: string): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context = await web.browser.newContext({ baseURL: web.baseUrl, locale, viewport: { width: 1000, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    return { context, page, violations };
  }

  async function clientByEmail(email: string) {
    const [client] = await web.ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, business.id), eq(customers.email, email)));
    return client;
  }

  it('the widget solves the captcha and the sign-up creates the client and request (Vietnamese)', async () => {
    const { context, page, violations } = await openPage('vi-VN');
    await page.goto('/f/sunrise-yoga/signup');
    await page.getByRole('heading', { name: 'Đăng ký' }).waitFor();
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await page.getByLabel('Địa chỉ email').fill('an.nguyen@example.vn');
    await page.getByLabel('Số điện thoại', { exact: false }).fill('0912 345 678');
    await page.getByLabel('Lời nhắn').fill('Lớp buổi tối?');
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.getByRole('heading', { name: 'Cảm ơn bạn!' }).waitFor();
    await page.getByText('Sunrise Yoga đã nhận được thông tin của bạn').waitFor();
    expect(await page.locator('#duly-form').isHidden()).toBe(true);

    const client = await clientByEmail('an.nguyen@example.vn');
    expect(client).toMatchObject({ name: 'Nguyễn Văn An', phone: '+84912345678', preferredLocales: ['vi'], emailVerified: false });
    const [request] = await web.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.customerId, client!.id));
    expect(request).toMatchObject({ kind: 'signup', channel: 'web_form' });
    const [confirmation] = await web.ctx.db.select().from(messages).where(eq(messages.customerId, client!.id));
    expect(confirmation).toMatchObject({ template: 'forms:submission_received', locale: 'vi' });
    expect(violations).toEqual([]);
    expect(await seriousAccessibilityViolationsOf('/f/sunrise-yoga/signup?lang=vi')).toEqual([]);
    await context.close();
  });

  it('switches language on the page, shows a refused field next to it, and sends after the fix (Latvian)', async () => {
    const { context, page, violations } = await openPage('en-GB');
    await page.goto('/f/sunrise-yoga/appointment');
    await page.getByRole('heading', { name: 'Request an appointment' }).waitFor();
    await page.getByRole('link', { name: 'Latviešu' }).click();
    await page.getByRole('heading', { name: 'Pieteikt vizīti' }).waitFor();
    await page.getByLabel('Jūsu vārds').fill('Anna Bērziņa');
    await page.getByLabel('Vēlamais datums').fill('2099-05-04');
    await page.getByLabel('Vēlamais laiks').fill('18:30');
    await page.getByRole('button', { name: 'Nosūtīt' }).click();
    // No email and no phone: the server's refusal appears under the email field, in Latvian.
    await page.getByText('Norādiet e-pasta adresi vai tālruņa numuru, lai uzņēmums varētu jums atbildēt.').waitFor();
    expect(await page.getByLabel('E-pasts').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('E-pasts').fill('anna@example.lv');
    await page.getByRole('button', { name: 'Nosūtīt' }).click();
    await page.getByRole('heading', { name: 'Paldies!' }).waitFor();
    const client = await clientByEmail('anna@example.lv');
    const [request] = await web.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.customerId, client!.id));
    expect(request!.fields).toMatchObject({ preferred_date: '2099-05-04', preferred_time: '18:30', language: 'lv' });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('works inside an iframe on another site, inserted by the script tag (Thai)', async () => {
    const { context, page, violations } = await openPage('en-US');
    await page.goto(hostUrl);
    await page.getByRole('heading', { name: 'Our studio' }).waitFor();
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: 'สั่งซื้อ' }).waitFor();
    await frame.getByLabel('ชื่อของคุณ').fill('สมชาย ใจดี');
    await frame.getByLabel('อีเมล').fill('somchai@example.th');
    await frame.getByLabel('คุณต้องการสั่งอะไร').fill('บัตร 10 ครั้ง');
    await frame.getByRole('button', { name: 'ส่ง' }).click();
    await frame.getByRole('heading', { name: 'ขอบคุณ!' }).waitFor();
    // The frame follows the form's height: shorter once only the thank-you is left.
    await expect.poll(async () => Number.parseInt(await page.locator('iframe').evaluate((el: HTMLIFrameElement) => el.style.height), 10)).toBeLessThan(400);
    const client = await clientByEmail('somchai@example.th');
    const [request] = await web.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.customerId, client!.id));
    expect(request).toMatchObject({ kind: 'order', channel: 'web_form' });
    expect(request!.fields).toMatchObject({ what: 'บัตร 10 ครั้ง', language: 'th' });
    expect(violations).toEqual([]);
    await context.close();
  });

  /** axe needs to inject a script, which the page's CSP refuses; so it runs in a CSP-bypassing profile. */
  async function seriousAccessibilityViolationsOf(path: string) {
    const { context, page } = await web.newPage();
    await page.goto(path);
    await page.locator('altcha-widget').waitFor();
    const found = await seriousAccessibilityViolations(page);
    await context.close();
    return found;
  }
});
