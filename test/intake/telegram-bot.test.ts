import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { customers } from '../../src/modules/customers/index.ts';
import { configureTelegramBot } from '../../src/modules/intake/app/telegram-configure-bot.ts';
import { intakeMessages, intakeRequests, intakeSettings, telegramLinks } from '../../src/modules/intake/db/schema.ts';
import { startTelegramPoller, type TelegramPoller } from '../../src/modules/intake/jobs/telegram-poller.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { publicUrl } from '../../src/platform/config.ts';
import { formatMoney, translator } from '../../src/platform/i18n/index.ts';
import { type FakeTelegramApi, startFakeTelegramApi } from '../channels/support/fake-telegram-api.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const CHATS = { mai: 41001, janis: 41002, stranger: 41003, newcomer: 41004, silent: 41005, polled: 41006 };
const tg = (locale: 'en' | 'vi' | 'lv' | 'th' | 'hy', key: string, vars?: Record<string, unknown>) => translator(locale)(`telegram-bot:${key}`, vars);

type Business = { ctx: TenantContext; apiKey: string; fake: FakeTelegramApi; secret: string };
let app: TestApp;
let a: Business;
let b: Business;
let seq = 1;
const fakes: FakeTelegramApi[] = [];

/** A private-chat message as Telegram sends it; the sender is the chat's own user unless `from` says otherwise. */
function update(chat: number, message: Record<string, unknown>, from: Record<string, unknown> = {}) {
  const id = seq++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 1_760_000_000,
      chat: { id: chat, type: 'private', first_name: 'Mai' },
      from: { id: chat, is_bot: false, first_name: 'Mai', ...from },
      ...message,
    },
  };
}
const command = (name: string) => ({ text: `/${name}`, entities: [{ type: 'bot_command', offset: 0, length: name.length + 1 }] });
const contact = (phone: string, userId: number | undefined, firstName = 'Mai') => ({
  contact: { phone_number: phone, first_name: firstName, ...(userId === undefined ? {} : { user_id: userId }) },
});

/** Telegram posting an update to the business's webhook URL. */
async function deliver(business: { ctx: TenantContext }, body: unknown, secret: string | undefined) {
  const response = await app.server.inject({
    method: 'POST',
    url: `/telegram/${business.ctx.id}/webhook`,
    headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: body as object,
  });
  return { status: response.statusCode, body: response.statusCode === 200 ? null : response.json() };
}
const send = (business: Business, body: unknown) => deliver(business, body, business.secret);
const repliesTo = (fake: FakeTelegramApi, chat: number) => fake.sent.filter((m) => m.chatId === String(chat));
const lastReply = (fake: FakeTelegramApi, chat: number) => repliesTo(fake, chat).at(-1);

async function business(name: string, token: string, chats: number[]): Promise<Business> {
  const { ctx, apiKey } = await app.tenant({ name });
  const fake = await startFakeTelegramApi({ token, chats: chats.map(String) });
  fakes.push(fake);
  expect((await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { token, api_root: fake.apiRoot })).status).toBe(200);
  await configureTelegramBot(app.ctx, ctx, 'webhook');
  return { ctx, apiKey, fake, secret: fake.webhook!.secretToken! };
}

async function linkOf(tenantId: string, chat: number) {
  const [row] = await app.ctx.db
    .select()
    .from(telegramLinks)
    .where(and(eq(telegramLinks.tenantId, tenantId), eq(telegramLinks.chatId, String(chat))));
  return row;
}
const customersOf = (tenantId: string) => app.ctx.db.select().from(customers).where(eq(customers.tenantId, tenantId));
const requestsOf = (tenantId: string) => app.ctx.db.select().from(intakeRequests).where(eq(intakeRequests.tenantId, tenantId));

beforeAll(async () => {
  app = await startTestApp();
  a = await business('Sunrise Yoga', '700001:token-a', Object.values(CHATS));
  b = await business('Harbour Gym', '700002:token-b', Object.values(CHATS));
});
afterAll(async () => {
  for (const fake of fakes) await fake.close();
  await app?.stop();
});

describe('the Telegram bot', () => {
  it("greets a new chat in the sender's language, else the business's, and asks for the phone with the contact button", async () => {
    expect((await send(a, update(CHATS.mai, command('start'), { language_code: 'vi' }))).status).toBe(200);
    const greeting = lastReply(a.fake, CHATS.mai)!;
    expect(greeting.text).toBe(tg('vi', 'greeting', { first_name: 'Mai', business_name: 'Sunrise Yoga' }));
    expect(greeting.replyMarkup).toMatchObject({ keyboard: [[{ text: tg('vi', 'contact_button'), request_contact: true }]], one_time_keyboard: true });

    await app.api(a.apiKey, 'POST', '/v1/business', { locale: 'lv' });
    await send(a, update(CHATS.silent, command('start'), { language_code: 'de' }));
    expect(lastReply(a.fake, CHATS.silent)!.text).toBe(tg('lv', 'greeting', { first_name: 'Mai', business_name: 'Sunrise Yoga' }));
    await app.api(a.apiKey, 'POST', '/v1/business', { locale: 'en' });
  });

  it("refuses someone else's contact and writes nothing", async () => {
    const before = { customers: (await customersOf(a.ctx.id)).length, requests: (await requestsOf(a.ctx.id)).length };
    // A forwarded card of another Telegram user, and a card typed into the phone book (no user id).
    await send(a, update(CHATS.stranger, contact('+37120000009', 99999), { language_code: 'en' }));
    expect(lastReply(a.fake, CHATS.stranger)).toMatchObject({ text: tg('en', 'not_own_contact'), replyMarkup: { keyboard: [[{ request_contact: true }]] } });
    await send(a, update(CHATS.stranger, contact('+37120000009', undefined), { language_code: 'en' }));
    expect(lastReply(a.fake, CHATS.stranger)!.text).toBe(tg('en', 'not_own_contact'));
    expect((await customersOf(a.ctx.id)).length).toBe(before.customers);
    expect((await requestsOf(a.ctx.id)).length).toBe(before.requests);
    expect(await linkOf(a.ctx.id, CHATS.stranger)).toBeUndefined();
  });

  it('links a shared own contact to the client who has that phone, so invoices go to the chat', async () => {
    const janis = (await app.api(a.apiKey, 'POST', '/v1/customers', { name: 'Jānis Bērziņš', phone: '+37120000001' })).body;
    const count = (await customersOf(a.ctx.id)).length;
    // Telegram sends the number without '+'.
    await send(a, update(CHATS.janis, contact('37120000001', CHATS.janis, 'Jānis'), { language_code: 'lv', first_name: 'Jānis' }));
    expect(lastReply(a.fake, CHATS.janis)).toMatchObject({
      text: tg('lv', 'linked', { customer_name: 'Jānis Bērziņš', business_name: 'Sunrise Yoga' }),
      replyMarkup: { keyboard: [[{ text: tg('lv', 'invoices_button') }]], is_persistent: true },
    });
    expect((await customersOf(a.ctx.id)).length).toBe(count);
    expect((await app.api(a.apiKey, 'GET', `/v1/customers/${janis.id}`)).body.telegram).toBe(String(CHATS.janis));
    expect(await linkOf(a.ctx.id, CHATS.janis)).toMatchObject({
      customerId: janis.id,
      phone: '+37120000001',
      telegramUserId: String(CHATS.janis),
      locale: 'lv',
    });

    await send(a, update(CHATS.janis, command('start'), { language_code: 'lv', first_name: 'Jānis' }));
    expect(lastReply(a.fake, CHATS.janis)!.text).toBe(tg('lv', 'welcome_back', { customer_name: 'Jānis Bērziņš' }));

    const invoice = (await app.api(a.apiKey, 'POST', '/v1/invoices', { customer: janis.id, lines: [{ description: 'Yoga, 10 classes', unit_amount: 4500 }] }))
      .body;
    expect((await app.api(a.apiKey, 'POST', `/v1/invoices/${invoice.id}/finalize`)).status).toBe(200);
    await app.api(a.apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    expect(a.fake.documents.filter((d) => d.chatId === String(CHATS.janis))).toHaveLength(1);
  });

  it('creates the client when nobody has the shared phone, with the number verified and a chat request for staff', async () => {
    const count = (await customersOf(a.ctx.id)).length;
    await send(a, update(CHATS.newcomer, contact('+84901234567', CHATS.newcomer, 'Lan'), { language_code: 'vi', first_name: 'Lan' }));
    const created = (await customersOf(a.ctx.id)).filter((c) => c.phone === '+84901234567');
    expect((await customersOf(a.ctx.id)).length).toBe(count + 1);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'Lan', phoneVerified: true, telegram: String(CHATS.newcomer) });
    expect(await linkOf(a.ctx.id, CHATS.newcomer)).toMatchObject({ customerId: created[0]!.id });
    expect((await requestsOf(a.ctx.id)).filter((r) => r.customerId === created[0]!.id)).toMatchObject([{ channel: 'telegram', kind: 'chat' }]);
    expect(lastReply(a.fake, CHATS.newcomer)!.text).toBe(tg('vi', 'linked', { customer_name: 'Lan', business_name: 'Sunrise Yoga' }));
  });

  it('answers "my invoices" with each open invoice, its amount and pay link; other text joins the chat request', async () => {
    const [janis] = (await customersOf(a.ctx.id)).filter((c) => c.name === 'Jānis Bērziņš');
    const paid = (await app.api(a.apiKey, 'POST', '/v1/invoices', { customer: janis!.id, lines: [{ description: 'Mat', unit_amount: 1200 }] })).body;
    await app.api(a.apiKey, 'POST', `/v1/invoices/${paid.id}/finalize`);
    await app.api(a.apiKey, 'POST', `/v1/invoices/${paid.id}/pay`, { paid_out_of_band: true });
    const open = (await app.api(a.apiKey, 'GET', `/v1/invoices?customer=${janis!.id}&status=open`)).body.data;
    expect(open).toHaveLength(1);

    // The button of the menu the bot showed when the chat was linked.
    const menu = repliesTo(a.fake, CHATS.janis)
      .filter((m) => m.replyMarkup)
      .at(-1)!.replyMarkup as { keyboard: { text: string }[][] };
    const button = menu.keyboard[0]![0]!.text;
    await send(a, update(CHATS.janis, { text: button }, { language_code: 'lv' }));
    const answer = lastReply(a.fake, CHATS.janis)!.text;
    expect(answer).toContain(tg('lv', 'invoices_header'));
    expect(answer).toContain(open[0].number);
    expect(answer).toContain(formatMoney(4500, 'usd', 'lv'));
    expect(answer).toContain(`${publicUrl()}/portal/invoices/${open[0].id}`);
    expect(answer).not.toContain(paid.id);
    await send(a, update(CHATS.janis, command('invoices'), { language_code: 'lv' }));
    expect(lastReply(a.fake, CHATS.janis)!.text).toBe(answer);

    const first = update(CHATS.janis, { text: 'Vai sestdien ir nodarbība?' }, { language_code: 'lv' });
    await send(a, first);
    await send(a, update(CHATS.janis, { text: 'Un svētdien?' }, { language_code: 'lv' }));
    const [message] = await app.ctx.db
      .select()
      .from(intakeMessages)
      .where(and(eq(intakeMessages.tenantId, a.ctx.id), eq(intakeMessages.externalId, `tg:${CHATS.janis}:${first.message.message_id}`)));
    expect(message).toMatchObject({ channel: 'telegram', bodyText: 'Vai sestdien ir nodarbība?' });
    const chats = (await requestsOf(a.ctx.id)).filter((r) => r.customerId === janis!.id);
    expect(chats).toHaveLength(1);
    expect(await app.ctx.db.select().from(intakeMessages).where(eq(intakeMessages.requestId, chats[0]!.id))).toHaveLength(2);
  });

  it('asks an unlinked chat for the contact again instead of passing its text to staff', async () => {
    const before = (await requestsOf(a.ctx.id)).length;
    await send(a, update(CHATS.silent, { text: 'hello?' }, { language_code: 'th' }));
    expect(lastReply(a.fake, CHATS.silent)).toMatchObject({ text: tg('th', 'ask_contact'), replyMarkup: { keyboard: [[{ request_contact: true }]] } });
    await send(a, update(CHATS.silent, command('invoices'), { language_code: 'th' }));
    expect(lastReply(a.fake, CHATS.silent)!.text).toBe(tg('th', 'ask_contact'));
    expect((await requestsOf(a.ctx.id)).length).toBe(before);
  });

  it('takes webhook updates only with the secret token given to Telegram; switching to polling removes the webhook', async () => {
    expect(a.fake.webhook).toEqual({ url: `${publicUrl()}/telegram/${a.ctx.id}/webhook`, secretToken: a.secret });
    const sent = a.fake.sent.length;
    for (const secret of ['wrong-secret', undefined, b.secret]) {
      const refused = await deliver(a, update(CHATS.mai, command('start')), secret);
      expect(refused).toMatchObject({ status: 401, body: { error: { code: 'telegram_webhook_unauthorized', type: 'authentication_error' } } });
    }
    expect((await deliver({ ctx: { ...a.ctx, id: 'ten_nobody' } }, update(CHATS.mai, command('start')), a.secret)).status).toBe(401);
    expect((await send(a, { not: 'an update' })).status).toBe(400);
    expect(a.fake.sent.length).toBe(sent);

    const c = await business('Corner Studio', '700003:token-c', [CHATS.mai]);
    await configureTelegramBot(app.ctx, c.ctx, 'polling');
    expect(c.fake.webhook).toBeNull();
    expect((await deliver(c, update(CHATS.mai, command('start')), c.secret)).status).toBe(401);
  });

  it('long polling resumes after a restart without handling an update twice', async () => {
    const d = await business('Polling Pilates', '700004:token-d', [CHATS.polled]);
    await configureTelegramBot(app.ctx, d.ctx, 'polling');
    const greetings = () =>
      repliesTo(d.fake, CHATS.polled).filter((m) => m.text.startsWith(tg('en', 'greeting', { first_name: 'Mai', business_name: 'Polling Pilates' })));
    const start = d.fake.pushUpdate(update(CHATS.polled, command('start'), { language_code: 'en' }));
    let poller: TelegramPoller | undefined = startTelegramPoller(app.ctx, { pollTimeoutSeconds: 1, refreshMs: 100 });
    try {
      await vi.waitFor(() => expect(greetings()).toHaveLength(1), { timeout: 10_000 });
      await poller.stop();
      // The process died before Telegram heard the update was handled: Telegram sends it again.
      d.fake.pushUpdate(start);
      d.fake.pushUpdate(update(CHATS.polled, { text: 'anyone there?' }, { language_code: 'en' }));
      poller = startTelegramPoller(app.ctx, { pollTimeoutSeconds: 1, refreshMs: 100 });
      await vi.waitFor(() => expect(lastReply(d.fake, CHATS.polled)!.text).toBe(tg('en', 'ask_contact')), { timeout: 10_000 });
      expect(greetings()).toHaveLength(1);
      // The offset is saved once the update is handled, just after the reply went out.
      await vi.waitFor(
        async () => {
          const [settings] = await app.ctx.db.select().from(intakeSettings).where(eq(intakeSettings.tenantId, d.ctx.id));
          expect(settings).toMatchObject({ telegramBotId: '700004', telegramUpdateOffset: Number(start.update_id) + 2 });
        },
        { timeout: 5_000 },
      );
    } finally {
      await poller?.stop();
    }
  });

  it("never shows one business's clients to another business's bot, even for the same person", async () => {
    // Jānis links his chat with Harbour Gym's bot too: that business has no client with his number, so it gets its own.
    await send(b, update(CHATS.janis, contact('+37120000001', CHATS.janis, 'Jānis'), { language_code: 'lv', first_name: 'Jānis' }));
    const bLink = await linkOf(b.ctx.id, CHATS.janis);
    const aLink = await linkOf(a.ctx.id, CHATS.janis);
    expect(bLink?.customerId).toBeTruthy();
    expect(bLink!.customerId).not.toBe(aLink!.customerId);
    expect((await customersOf(b.ctx.id)).map((c) => c.id)).toEqual([bLink!.customerId]);

    await send(b, update(CHATS.janis, command('invoices'), { language_code: 'lv' }));
    expect(lastReply(b.fake, CHATS.janis)!.text).toBe(tg('lv', 'invoices_none'));
    // Nothing of Sunrise Yoga's went through Harbour Gym's bot.
    expect(b.fake.sent.some((m) => m.text.includes('Sunrise Yoga') || m.text.includes('/portal/invoices/'))).toBe(false);
  });
});
