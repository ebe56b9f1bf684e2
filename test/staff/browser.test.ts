import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/modules/messaging/index.ts';
import {
  browserMissing,
  missingTranslations,
  seriousAccessibilityViolations,
  signInThroughUi,
  startWebTestApp,
  useLanguage,
  type WebTestApp,
} from '../support/browser.ts';
import { createStaffUser, totpCode } from '../support/staff.ts';

describe.skipIf(browserMissing)('signing in to the back office in a browser', () => {
  let web: WebTestApp;
  let tenantId: string;
  beforeAll(async () => {
    web = await startWebTestApp();
    tenantId = (await web.tenant({ name: 'Sunrise Fitness' })).ctx.id;
  });
  afterAll(async () => web?.stop());

  it('rejects a wrong authentication code on the field, then signs in with the right one', async () => {
    const user = await createStaffUser(web.ctx, { tenantId, role: 'owner', mfa: true });
    const { page, context } = await web.newPage();
    await page.goto('/app/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').waitFor();

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const right = totpCode(user.totpSecret!);
    await page.getByLabel('Authentication code').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not correct.').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);

    await page.getByLabel('Authentication code').fill(right);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation').waitFor();
    expect(await page.getByText(user.email).first().isVisible()).toBe(true);
    await context.close();
  });

  it('turns on two-factor authentication from the account menu and shows the recovery codes once', async () => {
    const { generateSync } = await import('otplib');
    const user = await createStaffUser(web.ctx, { tenantId, role: 'staff' });
    const { page, context } = await web.newPage({ viewport: 'phone' });
    await signInThroughUi(page, user);
    await page.getByRole('button', { name: `Account menu of ${user.email}` }).click();
    await page.getByRole('menuitem', { name: 'Two-factor authentication' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('img', { name: 'QR code to add Duly to your authenticator app' }).waitFor();
    const secret = (await page.locator('code').first().textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Authentication code').fill(generateSync({ secret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Two-factor authentication is on.').waitFor();
    expect(await page.locator('code').count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved my codes' }).click();

    await page.getByRole('button', { name: `Account menu of ${user.email}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('resets a forgotten password from the emailed link, in Latvian', async () => {
    const user = await createStaffUser(web.ctx, { tenantId, role: 'manager' });
    const { page, context } = await web.newPage({ viewport: 'phone' });
    await useLanguage(context, 'lv');
    await page.goto('/app/');
    await page.getByRole('link', { name: 'Aizmirsāt paroli?' }).click();
    await page.getByLabel('E-pasts').fill(user.email);
    await page.getByRole('button', { name: 'Nosūtīt saiti' }).click();
    await page.getByRole('status').waitFor();
    const [mail] = await web.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.recipient, user.email)));
    const link = /\/app\/reset\?token=[\w-]+/.exec(mail!.bodyText)![0];
    await page.goto(link);
    await page.getByLabel('Jaunā parole').fill('jauna drosa parole');
    await page.getByLabel('Atkārtojiet jauno paroli').fill('jauna drosa parole');
    await page.getByRole('button', { name: 'Saglabāt jauno paroli' }).click();
    await page.getByRole('heading', { name: 'Parole nomainīta' }).waitFor();
    expect(await missingTranslations(page)).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('lets an owner invite a colleague, with the invitation then in the audit log under their name', async () => {
    const owner = await createStaffUser(web.ctx, { tenantId, role: 'owner' });
    const { page, context } = await web.newPage();
    await signInThroughUi(page, owner);
    await page.goto('/app/settings/team');
    await page.getByRole('heading', { name: 'Staff and roles' }).waitFor();
    await page.getByText(owner.email).first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Invite a colleague' }).click();
    await page.getByRole('dialog').getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('must be a valid email address').waitFor();
    await page.getByRole('dialog').getByLabel('Email').fill('new.colleague@example.test');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('cell', { name: 'new.colleague@example.test' }).waitFor();

    await page.goto('/app/settings/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'POST /v1/staff/invitations' }).waitFor();
    expect(await page.getByRole('cell', { name: owner.email }).count()).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
