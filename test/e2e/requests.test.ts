import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntakeMessage, receiveIntakeMessage } from '../../src/modules/intake/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import {
  browserMissing,
  missingTranslations,
  seriousAccessibilityViolations,
  signInWithSession,
  startWebTestApp,
  useLanguage,
  type WebTestApp,
} from '../support/browser.ts';
import { createStaffUser } from '../support/staff.ts';

let messageCounter = 0;

/** An inbound message as a channel adapter would hand it over. */
function message(overrides: Partial<IntakeMessage> & Pick<IntakeMessage, 'sender' | 'unknownSender'>): IntakeMessage {
  messageCounter += 1;
  return {
    channel: 'web_form',
    kind: 'enquiry',
    externalId: `e2e-${messageCounter}-${Math.random().toString(36).slice(2)}`,
    text: 'Hello, I would like to know more.',
    receivedAt: new Date(),
    ...overrides,
  };
}

/** Opens a signed-in back office page and waits until its live notification stream is connected. */
async function openWithStream(page: Page, path: string) {
  const connected = page.waitForResponse((response) => response.url().endsWith('/v1/notifications/stream') && response.status() === 200);
  await page.goto(path);
  await connected;
}

/**
 * Resolves in the page with the moment (epoch ms) an alert holding this text is first in the DOM:
 * Playwright's own waiting polls at up to 500 ms intervals, too coarse to time a pop-up.
 */
async function watchForAlert(page: Page, text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const w = window as unknown as { alertSeenAt?: number };
    const observer = new MutationObserver(() => {
      const found = [...document.querySelectorAll('[role="alert"]')].some((el) => el.textContent?.includes(wanted));
      if (found) {
        w.alertSeenAt = Date.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, text);
}

/** Serious axe findings outside the pop-up stack (Mantine renders pop-ups that come and go). */
async function violations(page: Page) {
  return (await seriousAccessibilityViolations(page)).map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

describe.skipIf(browserMissing)('requests, live notifications and duplicates in the back office', () => {
  let web: WebTestApp;
  let tenant: { ctx: TenantContext; apiKey: string };
  let alice: { userId: string; email: string; password: string };
  let bob: { userId: string; email: string; password: string };
  let aliceContext: BrowserContext;
  let alicePage: Page;
  let bobContext: BrowserContext;
  let bobPage: Page;

  beforeAll(async () => {
    web = await startWebTestApp();
    tenant = await web.tenant({ name: 'Sunrise Pilates', currency: 'eur', timezone: 'Europe/Riga' });
    // Alice owns the studio and runs the front desk (she also reviews unknown senders); Bob is staff.
    alice = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'owner', email: 'alice@sunrise.example' });
    bob = await createStaffUser(web.ctx, { tenantId: tenant.ctx.id, role: 'staff', email: 'bob@sunrise.example' });
    const settings = await web.api(tenant.apiKey, 'POST', '/v1/intake/settings', { routing_strategy: 'main_employee', main_employee_user_id: alice.userId });
    expect(settings.status).toBe(200);
    ({ context: aliceContext, page: alicePage } = await web.newPage());
    ({ context: bobContext, page: bobPage } = await web.newPage());
    await signInWithSession(aliceContext, alice);
    await signInWithSession(bobContext, bob);
  });
  afterAll(async () => web?.stop());

  it('pops up a new request for its assignee within a second, not for a colleague, and opens it from the pop-up', async () => {
    await Promise.all([openWithStream(alicePage, '/app/requests'), openWithStream(bobPage, '/app/requests')]);
    await alicePage.getByRole('heading', { name: 'Requests' }).waitFor();

    await watchForAlert(alicePage, 'Marta Ozola');
    const arrived = Date.now();
    const outcome = await receiveIntakeMessage(
      web.ctx,
      tenant.ctx,
      message({
        kind: 'appointment',
        subject: 'Trial class on Saturday',
        sender: { name: 'Marta Ozola', email: 'marta@example.lv' },
        fields: { preferred_time: 'Saturday morning' },
        attachments: [{ filename: 'health form.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 health form') }],
        unknownSender: 'create_client',
      }),
    );
    expect(outcome).toMatchObject({ outcome: 'opened', assigneeUserId: alice.userId });
    const popup = alicePage.getByRole('alert').filter({ hasText: 'New request for you' });
    await popup.waitFor({ timeout: 5_000 });
    const elapsed = (await alicePage.evaluate(() => (window as unknown as { alertSeenAt: number }).alertSeenAt)) - arrived;
    expect(elapsed, `pop-up ${elapsed} ms after the message arrived`).toBeLessThan(1_000);
    await popup.getByText('Marta Ozola').waitFor();

    // The bell counts it, and the inbox shows it under Mine without a reload.
    await alicePage.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await alicePage.getByTestId('request-row').filter({ hasText: 'Trial class on Saturday' }).waitFor();

    // Bob, connected all along, got nothing.
    await alicePage.waitForTimeout(500);
    expect(await bobPage.getByRole('alert').filter({ hasText: 'Marta Ozola' }).count()).toBe(0);
    await bobPage.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();

    await popup.getByRole('button', { name: 'Open request' }).click();
    await alicePage.waitForURL(new RegExp(`/app/requests/${outcome.requestId}$`));
    await alicePage.getByRole('heading', { name: 'Trial class on Saturday' }).waitFor();
    await alicePage.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
    await alicePage.getByRole('link', { name: 'Marta Ozola' }).waitFor();
    await alicePage.getByText('Saturday morning').waitFor();
    await alicePage.getByTestId('request-message').getByText('Hello, I would like to know more.').waitFor();
    const [download] = await Promise.all([alicePage.waitForEvent('download'), alicePage.getByRole('link', { name: /health form\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe('health form.pdf');
    expect(readFileSync(await download.path()).toString()).toBe('%PDF-1.4 health form');
    expect(await violations(alicePage)).toEqual([]);
    expect(await missingTranslations(alicePage)).toEqual([]);

    // Alice hands it to Bob: now his pop-up appears (so his stream was listening before).
    await alicePage.getByLabel('Assign to').first().click();
    await alicePage.getByRole('option', { name: /bob@sunrise\.example/ }).click();
    await alicePage.getByRole('button', { name: 'Assign', exact: true }).click();
    await alicePage.getByText('Request assigned.').waitFor();
    await bobPage.getByRole('alert').filter({ hasText: 'New request for you' }).waitFor({ timeout: 5_000 });
    await bobPage.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    const request = await web.api(tenant.apiKey, 'GET', `/v1/requests/${outcome.requestId}`);
    expect(request.body).toMatchObject({ state: 'assigned', assignee_user_id: bob.userId });

    // Bob opens it from his pop-up, starts on it and finishes it.
    await bobPage.getByRole('alert').filter({ hasText: 'New request for you' }).getByRole('button', { name: 'Open request' }).click();
    await bobPage.getByRole('heading', { name: 'Trial class on Saturday' }).waitFor();
    await bobPage.getByRole('button', { name: 'Start working' }).click();
    await bobPage.getByText('In progress', { exact: true }).waitFor();
    await bobPage.getByRole('button', { name: 'Mark as done' }).click();
    await bobPage.getByRole('button', { name: 'Reopen' }).waitFor();
    expect((await web.api(tenant.apiKey, 'GET', `/v1/requests/${outcome.requestId}`)).body.state).toBe('done');
  });

  it('accepts an unknown sender from the review queue as a client, and marks another as spam', async () => {
    await openWithStream(alicePage, '/app/requests?tab=review');
    await alicePage.getByText('No unknown senders are waiting for review.').waitFor();
    // Every connection to the server drops (a proxy restarts): her notification stream connects again by itself.
    const reconnected = alicePage.waitForResponse((response) => response.url().endsWith('/v1/notifications/stream') && response.status() === 200);
    web.server.server.closeAllConnections();
    await reconnected;
    const known = await receiveIntakeMessage(
      web.ctx,
      tenant.ctx,
      message({
        channel: 'email',
        kind: 'email',
        subject: 'Prices for a family?',
        sender: { name: 'Jānis Kalniņš', email: 'janis@example.lv', emailVerified: true },
        unknownSender: 'review',
      }),
    );
    const spam = await receiveIntakeMessage(
      web.ctx,
      tenant.ctx,
      message({
        channel: 'email',
        kind: 'email',
        subject: 'Cheap watches',
        sender: { name: 'Promo', email: 'promo@spam.example', emailVerified: true },
        unknownSender: 'review',
      }),
    );
    expect([known.outcome, spam.outcome]).toEqual(['review', 'review']);
    await alicePage.getByRole('alert').filter({ hasText: 'A new sender is waiting for review' }).filter({ hasText: 'Prices for a family?' }).waitFor();
    // The queue she is looking at fills in without a reload.
    const rows = alicePage.getByTestId('request-row');
    await rows.filter({ hasText: 'Prices for a family?' }).waitFor();
    await rows.filter({ hasText: 'Cheap watches' }).waitFor();
    expect(await violations(alicePage)).toEqual([]);

    await rows.filter({ hasText: 'Prices for a family?' }).getByRole('link').click();
    await alicePage.getByRole('heading', { name: 'Prices for a family?' }).waitFor();
    await alicePage.getByRole('button', { name: 'Accept' }).click();
    await alicePage.getByText('Sender accepted as a client.').waitFor();
    await alicePage.getByRole('link', { name: 'Jānis Kalniņš' }).waitFor();
    const accepted = await web.api(tenant.apiKey, 'GET', `/v1/requests/${known.requestId}`);
    expect(accepted.body.customer_id).toMatch(/^cus_/);
    expect(accepted.body.state).not.toBe('review');
    const client = await web.api(tenant.apiKey, 'GET', `/v1/customers/${accepted.body.customer_id}`);
    expect(client.body).toMatchObject({ name: 'Jānis Kalniņš', email: 'janis@example.lv' });

    await alicePage.goto(`/app/requests/${spam.requestId}`);
    await alicePage.getByRole('button', { name: 'Spam' }).click();
    const confirm = alicePage.getByRole('dialog', { name: 'Mark as spam?' });
    await confirm.getByText('promo@spam.example').waitFor();
    await confirm.getByRole('button', { name: 'Mark as spam' }).click();
    await alicePage.getByText('Marked as spam.', { exact: false }).waitFor();
    expect((await web.api(tenant.apiKey, 'GET', `/v1/requests/${spam.requestId}`)).body.state).toBe('spam');
    // The review queue is empty now, and the same sender's next mail never reaches it.
    await alicePage.goto('/app/requests?tab=review');
    await alicePage.getByText('No unknown senders are waiting for review.').waitFor();
    const again = await receiveIntakeMessage(
      web.ctx,
      tenant.ctx,
      message({
        channel: 'email',
        kind: 'email',
        subject: 'Cheap watches again',
        sender: { email: 'promo@spam.example', emailVerified: true },
        unknownSender: 'review',
      }),
    );
    expect(again.outcome).toBe('blocked');
  });

  it('merges a duplicate client from the client page, keeping its invoice', async () => {
    const create = async (body: object) => (await web.api(tenant.apiKey, 'POST', '/v1/customers', body)).body;
    const anna = await create({ name: 'Anna Bērziņa', email: 'anna@example.lv' });
    const twin = await create({ name: 'Anna Berzina', email: 'ANNA@example.lv', phone: '+37120000001' });
    const invoice = await web.api(tenant.apiKey, 'POST', '/v1/invoices', {
      customer: twin.id,
      lines: [{ description: 'Ten-class pass', unit_amount: 4500, quantity: 1 }],
    });
    expect(invoice.status).toBe(200);

    await alicePage.goto(`/app/customers/${anna.id}`);
    const panel = alicePage.getByTestId('duplicates-panel');
    await panel.getByRole('link', { name: 'Anna Berzina' }).waitFor();
    await panel.getByText('Same email').waitFor();
    expect(await violations(alicePage)).toEqual([]);
    await panel.getByRole('button', { name: 'Merge Anna Berzina into Anna Bērziņa' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Merge Anna Berzina into Anna Bērziņa?' });
    await dialog.getByText('Invoices, payments', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await alicePage.getByText('Anna Berzina was merged into Anna Bērziņa.').waitFor();
    await panel.waitFor({ state: 'detached' });

    expect((await web.api(tenant.apiKey, 'GET', `/v1/customers/${twin.id}`)).body.merged_into).toBe(anna.id);
    expect((await web.api(tenant.apiKey, 'GET', `/v1/invoices/${invoice.body.id}`)).body.customer).toBe(anna.id);
  });

  it('lists duplicate groups and the intake settings in Latvian without missing texts or serious accessibility findings', async () => {
    for (const body of [
      { name: 'Pēteris Liepa', phone: '+37120000002' },
      { name: 'Peteris Liepa', phone: '+37120000002' },
    ]) {
      expect((await web.api(tenant.apiKey, 'POST', '/v1/customers', body)).status).toBe(200);
    }
    const groups = await web.api(tenant.apiKey, 'GET', '/v1/customer_duplicates');
    expect(groups.body.data.map((g: { customers: { name: string }[] }) => g.customers.map((c) => c.name).sort())).toContainEqual([
      'Peteris Liepa',
      'Pēteris Liepa',
    ]);
    const { context, page } = await web.newPage();
    await useLanguage(context, 'lv');
    // Counts the chimes the page plays (Web Audio oscillators started).
    await context.addInitScript(() => {
      const w = window as unknown as { tonesStarted: number };
      w.tonesStarted = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        w.tonesStarted += 1;
        return start.apply(this, args);
      };
    });
    await signInWithSession(context, alice);
    await page.goto('/app/customers/duplicates');
    await page.getByRole('heading', { name: 'Iespējamie dublikāti' }).waitFor();
    await page.getByTestId('duplicate-group').filter({ hasText: 'Peteris Liepa' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await page.goto('/app/settings/intake');
    await page.getByRole('heading', { name: 'Kas saņem jaunos pieprasījumus' }).waitFor();
    await page.getByLabel('Jūsu veidlapu adrese').fill('sunrise-pilates');
    await page.getByRole('button', { name: 'Saglabāt uzņemšanas iestatījumus' }).click();
    await page.getByText('Uzņemšanas iestatījumi saglabāti.').waitFor();
    await page.getByText('/f/sunrise-pilates/signup', { exact: false }).first().waitFor();
    expect((await web.api(tenant.apiKey, 'GET', '/v1/intake/settings')).body).toMatchObject({
      form_slug: 'sunrise-pilates',
      routing_strategy: 'main_employee',
    });
    expect(await violations(page)).toEqual([]);

    await page.goto('/app/requests?tab=done');
    await page.getByRole('tab', { name: 'Pabeigtie' }).waitFor();
    // The sound is off until asked for; turning it on plays the chime once and is remembered.
    await page.getByRole('button', { name: /Paziņojumi/ }).click();
    const sound = page.getByRole('switch', { name: 'Atskaņot skaņu jauniem paziņojumiem' });
    expect(await sound.isChecked()).toBe(false);
    await sound.click({ force: true });
    await expect.poll(() => page.evaluate(() => (window as unknown as { tonesStarted: number }).tonesStarted)).toBe(1);
    await page.reload();
    await page.getByRole('button', { name: /Paziņojumi/ }).click();
    expect(await page.getByRole('switch', { name: 'Atskaņot skaņu jauniem paziņojumiem' }).isChecked()).toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(await missingTranslations(page)).toEqual([]);
    await context.close();
  });
});
