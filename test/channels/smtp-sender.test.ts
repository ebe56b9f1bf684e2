import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/channels/channel.ts';
import { createSmtpSender, type SmtpSender } from '../../src/channels/email/smtp-sender.ts';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink.ts';

const LANGUAGES = {
  en: 'Invoice INV-0042 for €1,234.50 is due on 15 July',
  vi: 'Hóa đơn INV-0042 trị giá 1.234,50 € đến hạn thanh toán ngày 15 tháng 7',
  lv: 'Rēķins INV-0042 par 1234,50 € jāapmaksā līdz 15. jūlijam — paldies, ka izvēlējāties mūs',
  th: 'ใบแจ้งหนี้ INV-0042 จำนวน 1,234.50 ยูโร ครบกำหนดชำระวันที่ 15 กรกฎาคม',
  hy: 'INV-0042 հաշիվը՝ 1234,50 եվրո, պետք է վճարվի մինչև հուլիսի 15-ը',
};

// Starts like a PDF; the rest covers every byte value so any re-encoding slip shows.
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'), randomBytes(200_000), Buffer.from('\n%%EOF\n')]);

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return [value ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('SMTP sender against a real SMTP server', () => {
  let sink: SmtpSink;
  let sender: SmtpSender;

  beforeAll(async () => {
    sink = await startSmtpSink({
      credentials: { user: 'studio', password: 's3cret' },
      rejectPermanently: ['gone@client.example'],
      rejectTemporarily: ['busy@client.example'],
    });
    sender = createSmtpSender({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      user: 'studio',
      password: 's3cret',
      from: '"Studio Nord — Rēķini" <billing@studio.example>',
      replyTo: 'desk@studio.example',
    });
  });
  afterAll(async () => {
    sender.close();
    await sink.close();
  });

  for (const [language, sentence] of Object.entries(LANGUAGES)) {
    it(`delivers a ${language} subject and body that decode to the original text`, async () => {
      const subject = `${sentence} · ${sentence}`; // long enough to be folded into several encoded words
      await sender.send({
        idempotencyKey: `msg_${language}1`,
        to: 'client@client.example',
        subject,
        text: `${sentence}\n\n${sentence}`,
        html: `<p>${sentence}</p>`,
      });
      const mail = sink.received.at(-1)!.parsed;
      expect(mail.subject).toBe(subject);
      expect(mail.text?.trim()).toBe(`${sentence}\n\n${sentence}`);
      expect(mail.html).toContain(`<p>${sentence}</p>`);
    });
  }

  it('delivers an invoice mail with headers, the PDF byte for byte, and the login', async () => {
    const result = await sender.send({
      idempotencyKey: 'msg_01JZK4Q8W2',
      to: 'client@client.example',
      subject: `${LANGUAGES.vi} / ${LANGUAGES.hy}`,
      text: Object.values(LANGUAGES).join('\n'),
      attachments: [{ filename: 'Hóa-đơn-INV-0042.pdf', contentType: 'application/pdf', content: PDF }],
      headers: {
        'List-Unsubscribe': '<https://duly.example/u/tok_123>, <mailto:unsubscribe@duly.example?subject=tok_123>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Message-ID': '<forged@elsewhere>',
      },
    });
    expect(result.providerMessageId).toBe('<msg_01JZK4Q8W2@duly>');

    const { parsed: mail, to, from, user, raw } = sink.received.at(-1)!;
    expect(user).toBe('studio');
    expect(from).toBe('billing@studio.example');
    expect(to).toEqual(['client@client.example']);
    expect(mail.messageId).toBe('<msg_01JZK4Q8W2@duly>');
    expect(mail.headers.get('x-duly-message-id')).toBe('msg_01JZK4Q8W2');
    expect(raw.toString('latin1')).not.toContain('forged@elsewhere');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Studio Nord — Rēķini', address: 'billing@studio.example' });
    expect(addresses(mail.replyTo)).toEqual(['desk@studio.example']);
    expect(mail.subject).toBe(`${LANGUAGES.vi} / ${LANGUAGES.hy}`);
    expect(mail.text?.trim()).toBe(Object.values(LANGUAGES).join('\n'));

    // mailparser folds List-* headers into one object: read the lines as a mail client would.
    const line = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    expect(line('list-unsubscribe')).toBe('List-Unsubscribe: <https://duly.example/u/tok_123>, <mailto:unsubscribe@duly.example?subject=tok_123>');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf?.filename).toBe('Hóa-đơn-INV-0042.pdf');
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.content.equals(PDF)).toBe(true);
  });

  it('uses the same Message-ID when the same message is sent again, so a retry is recognisable', async () => {
    const message = { idempotencyKey: 'msg_retry', to: 'client@client.example', subject: 'Receipt', text: 'Paid, thank you.' };
    const first = await sender.send(message);
    const second = await sender.send(message);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    const ids = sink.received.filter((m) => m.parsed.headers.get('x-duly-message-id') === 'msg_retry').map((m) => m.parsed.messageId);
    expect(ids).toEqual(['<msg_retry@duly>', '<msg_retry@duly>']);
  });

  it('reports a recipient refused with 550 as permanent', async () => {
    const sending = sender.send({ idempotencyKey: 'msg_gone', to: 'gone@client.example', subject: 'Invoice', text: 'Hello' });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow(/550/);
  });

  it('reports a recipient deferred with 451 as retryable', async () => {
    const error = await sender.send({ idempotencyKey: 'msg_busy', to: 'busy@client.example', text: 'Hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toMatch(/451/);
  });

  it('refuses an address list or a malformed address before connecting', async () => {
    const before = sink.received.length;
    for (const to of ['a@client.example, b@client.example', 'Client <a@client.example>', 'no-at-sign']) {
      await expect(sender.send({ idempotencyKey: 'msg_bad', to, text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    }
    expect(sink.received.length).toBe(before);
  });
});

describe('SMTP sender with pooled connections', () => {
  it('delivers concurrent sends over kept-open connections', async () => {
    const sink = await startSmtpSink();
    const sender = createSmtpSender({ host: '127.0.0.1', port: sink.port, secure: false, from: 'billing@studio.example', pool: true });
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `msg_pool${i}`);
      await Promise.all(keys.map((key) => sender.send({ idempotencyKey: key, to: 'client@client.example', subject: key, text: 'Paid' })));
      expect(sink.received.map((m) => m.parsed.messageId).sort()).toEqual(keys.map((k) => `<${k}@duly>`).sort());
    } finally {
      sender.close();
      await sink.close();
    }
  });
});

describe('SMTP sender when the server is unusable', () => {
  it('reports a server that is down as retryable', async () => {
    const port = await closedPort();
    const sender = createSmtpSender({ host: '127.0.0.1', port, secure: false, from: 'billing@studio.example', timeoutMs: 2_000 });
    const error = await sender.send({ idempotencyKey: 'msg_down', to: 'client@client.example', text: 'Hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(String(error)).toMatch(/ECONNREFUSED|connect/i);
  });

  it('reports wrong credentials as retryable: fixing the settings must let the message go out', async () => {
    const sink = await startSmtpSink({ credentials: { user: 'studio', password: 's3cret' } });
    try {
      const sender = createSmtpSender({ host: '127.0.0.1', port: sink.port, secure: false, user: 'studio', password: 'wrong', from: 'billing@studio.example' });
      const error = await sender.send({ idempotencyKey: 'msg_auth', to: 'client@client.example', text: 'Hello' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      expect(sink.received).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
