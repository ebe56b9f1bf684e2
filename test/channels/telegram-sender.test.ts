import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../src/channels/channel.ts';
import { createTelegramSender, splitText } from '../../src/channels/telegram/telegram-sender.ts';
import { type FakeTelegramApi, startFakeTelegramApi } from './support/fake-telegram-api.ts';

const TOKEN = '123456:TEST-token_abc';
const CHAT = '555000111';
const BLOCKED = '555000222';
const TEXT = 'Invoice · Hóa đơn · Rēķins · ใบแจ้งหนี้ · Հաշիվ-ապրանքագիր INV-0042';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(100_000), Buffer.from('\n%%EOF\n')]);

describe('Telegram sender through grammY against a local Bot API', () => {
  let api: FakeTelegramApi;
  beforeAll(async () => {
    api = await startFakeTelegramApi({ token: TOKEN, chats: [CHAT, '-1001234567890'], blockedChats: [BLOCKED] });
  });
  afterEach(() => {
    api.override('sendMessage', undefined);
    api.override('sendDocument', undefined);
  });
  afterAll(() => api.close());

  const sender = () => createTelegramSender({ token: TOKEN, apiRoot: api.apiRoot, timeoutMs: 1_000 });

  it('sends the text with sendMessage and returns the message id', async () => {
    const before = api.calls.length;
    const result = await sender().send({ idempotencyKey: 'msg_tg1', to: CHAT, text: TEXT });
    const calls = api.calls.slice(before);
    expect(calls.map((c) => [c.method, c.token])).toEqual([['sendMessage', TOKEN]]);
    expect(calls[0]?.params).toMatchObject({ chat_id: CHAT, text: TEXT });
    expect(result.providerMessageId).toMatch(/^\d+$/);
  });

  it('sends each attachment with sendDocument, captioned with the subject, bytes intact', async () => {
    const before = api.documents.length;
    const statement = Buffer.from('%PDF-1.7\nstatement\n%%EOF\n');
    await sender().send({
      idempotencyKey: 'msg_tg2',
      to: CHAT,
      subject: 'Rēķins INV-0042',
      text: TEXT,
      attachments: [
        { filename: 'INV-0042.pdf', contentType: 'application/pdf', content: PDF },
        { filename: 'statement.pdf', contentType: 'application/pdf', content: statement },
      ],
    });
    const documents = api.documents.slice(before);
    expect(documents.map((d) => [d.chatId, d.caption, d.file.filename])).toEqual([
      [CHAT, 'Rēķins INV-0042', 'INV-0042.pdf'],
      [CHAT, 'Rēķins INV-0042', 'statement.pdf'],
    ]);
    expect(documents[0]?.file.content.equals(PDF)).toBe(true);
    expect(documents[1]?.file.content.equals(statement)).toBe(true);
  });

  it('splits a text longer than 4096 characters into several messages', async () => {
    const before = api.calls.length;
    const paragraph = `${'ใบแจ้งหนี้ '.repeat(30)}\n`;
    const long = paragraph.repeat(30);
    await sender().send({ idempotencyKey: 'msg_long', to: CHAT, text: long });
    const texts = api.calls.slice(before).map((c) => String(c.params.text));
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.slice(0, -1).every((t) => t.endsWith('ใบแจ้งหนี้ '))).toBe(true); // cut between paragraphs, not inside a word
    expect(texts.join('\n')).toBe(long);
  });

  it('treats a user who blocked the bot (403) as permanent', async () => {
    const sending = sender().send({ idempotencyKey: 'msg_blocked', to: BLOCKED, text: TEXT });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('403 Forbidden: bot was blocked by the user');
  });

  it('treats an unknown chat (400) as permanent', async () => {
    const sending = sender().send({ idempotencyKey: 'msg_nochat', to: '999', text: TEXT });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('chat not found');
  });

  it('treats flood control (429) as retryable with the wait Telegram asks for', async () => {
    api.override('sendMessage', {
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } },
    });
    const error = await sender()
      .send({ idempotencyKey: 'msg_flood', to: CHAT, text: TEXT })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(5000);
  });

  it('treats a Bot API error 500 and a Bot API that does not answer as retryable', async () => {
    api.override('sendDocument', { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } });
    const attachments = [{ filename: 'a.pdf', contentType: 'application/pdf', content: PDF }];
    const failed = await sender()
      .send({ idempotencyKey: 'msg_500', to: CHAT, text: TEXT, attachments })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PermanentDeliveryError);

    api.override('sendMessage', { status: 200, body: { ok: true, result: {} }, delayMs: 3_000 });
    const slow = await sender()
      .send({ idempotencyKey: 'msg_slow', to: CHAT, text: TEXT })
      .catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(Error);
    expect(slow).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(slow)).toMatch(/timed out/);
  });

  it('refuses something that is not a chat id without calling Telegram', async () => {
    const before = api.calls.length;
    for (const to of ['client@example.com', '+37120000001', '']) {
      await expect(sender().send({ idempotencyKey: 'm', to, text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    }
    expect(api.calls.length).toBe(before);
  });
});

describe('splitText', () => {
  it('never cuts a surrogate pair and keeps every character', () => {
    const text = '😀'.repeat(10);
    const chunks = splitText(text, 5);
    expect(chunks.every((c) => c.length <= 5 && !/[\uD800-\uDBFF]$/.test(c))).toBe(true);
    expect(chunks.join('')).toBe(text);
  });
});
