import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/tx.ts';
import { type SmtpSink, startSmtpSink } from '../channels/support/smtp-sink.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** What a client receives when they are billed: the invoice with its PDF, then a receipt, in their language. */
describe('invoice delivery by email', () => {
  let app: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    app = await startTestApp();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await app.stop();
  });

  async function member(apiKey: string, body: Record<string, unknown>) {
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', body)).body;
    await app.api(apiKey, 'POST', `/v1/customers/${customer.id}/payment_methods`, { token: 'pm_card_visa' });
    const product = (await app.api(apiKey, 'POST', '/v1/products', { name: 'Membership' })).body;
    const price = (await app.api(apiKey, 'POST', '/v1/prices', { product: product.id, currency: 'thb', unit_amount: 150000, recurring: { interval: 'month' } }))
      .body;
    await app.api(apiKey, 'POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }] });
    return customer;
  }

  it('sends the invoice with its PDF and then a receipt over SMTP, in Thai, each message exactly once', async () => {
    const { apiKey } = await app.tenant({ name: 'Bangkok Boxing', currency: 'thb', timezone: 'UTC' });
    const settings = await app.api(apiKey, 'POST', '/v1/messaging_settings/email', { host: '127.0.0.1', port: sink.port, from: 'billing@boxing.example' });
    expect(settings.status).toBe(200);
    const customer = await member(apiKey, { name: 'สมชาย ใจดี', email: 'somchai@example.th', preferred_locales: ['th'] });
    // Delivery happens on the scheduler's time; a day later everything queued has gone out (quiet hours included).
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    const toSomchai = sink.received.filter((m) => m.to.includes('somchai@example.th'));
    expect(toSomchai).toHaveLength(2);
    const [invoiceMail, receipt] = [...toSomchai].sort((a, b) => (a.parsed.attachments.length > b.parsed.attachments.length ? -1 : 1));
    expect(invoiceMail!.parsed.subject).toMatch(/[\u0E00-\u0E7F]/);
    expect(invoiceMail!.parsed.attachments).toHaveLength(1);
    const pdf = invoiceMail!.parsed.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(receipt!.parsed.text).toMatch(/[\u0E00-\u0E7F]/);
    // The message ids are Duly's, so a resend would be recognisable as the same message.
    const ids = toSomchai.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(2);

    const log = await app.api(apiKey, 'GET', `/v1/messages?customer=${customer.id}`);
    expect(log.body.data.map((m: { template: string; status: string; provider: string }) => [m.template, m.status, m.provider]).sort()).toEqual([
      ['invoice_issued', 'sent', 'smtp'],
      ['payment_receipt', 'sent', 'smtp'],
    ]);
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    expect(sink.received.filter((m) => m.to.includes('somchai@example.th'))).toHaveLength(2);
  });

  it('keeps mail in the local mailbox when no SMTP server is configured, never dropping it', async () => {
    const { apiKey } = await app.tenant({ name: 'Riga Pilates', currency: 'eur', timezone: 'Europe/Riga' });
    await member(apiKey, { name: 'Jānis Bērziņš', email: 'janis@example.lv', preferred_locales: ['lv'] });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    const mailbox = await app.api(apiKey, 'GET', '/v1/mailbox');
    expect(mailbox.status).toBe(200);
    expect(mailbox.body.data).toHaveLength(2);
    for (const message of mailbox.body.data) {
      expect(message).toMatchObject({ channel: 'email', recipient: 'janis@example.lv', status: 'sent', provider: 'local_mailbox', locale: 'lv' });
    }
    expect(sink.received.some((m) => m.to.includes('janis@example.lv'))).toBe(false);
  });

  it('holds non-urgent mail during quiet hours and sends it in the morning, local time', async () => {
    const { apiKey, ctx } = await app.tenant({ name: 'Night Owl Gym', currency: 'usd', timezone: 'Asia/Bangkok' });
    await app.api(apiKey, 'POST', '/v1/messaging_settings/email', { host: '127.0.0.1', port: sink.port, from: 'billing@owl.example' });
    // 23:30 in Bangkok.
    const late = new Date(Date.UTC(new Date(ctx.now).getUTCFullYear() + 1, 0, 10, 16, 30));
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: late.toISOString() });
    await member(apiKey, { name: 'Late Member', email: 'late@example.com' });
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(late.getTime() + 60_000).toISOString() });
    const queued = await rows<{ next_attempt_at: Date | string; status: string }>(
      app.ctx.db,
      sql`select next_attempt_at, status from messages where tenant_id = ${ctx.id} and template = 'invoice_issued'`,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]!.status).toBe('queued');
    expect(new Date(queued[0]!.next_attempt_at).toISOString()).toBe(new Date(Date.UTC(late.getUTCFullYear(), 0, 11, 1, 0)).toISOString());
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(late.getTime() + 60 * 60_000).toISOString() });
    expect(sink.received.filter((m) => m.to.includes('late@example.com'))).toHaveLength(0);
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { to: new Date(late.getTime() + 10 * 3_600_000).toISOString() });
    expect(sink.received.filter((m) => m.to.includes('late@example.com')).length).toBeGreaterThanOrEqual(1);
  });

  it('serves the invoice PDF over the API, and another business gets 404', async () => {
    const { apiKey } = await app.tenant({ name: 'PDF Studio', currency: 'usd' });
    const other = await app.tenant({ name: 'Other Studio', currency: 'usd' });
    const customer = await member(apiKey, { name: 'Արամ Պետրոսյան', email: 'aram@example.am', preferred_locales: ['hy'] });
    const invoices = await app.api(apiKey, 'GET', `/v1/invoices?customer=${customer.id}`);
    const id = invoices.body.data[0].id;
    const pdf = await app.server.inject({ method: 'GET', url: `/v1/invoices/${id}/pdf`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const statement = await app.server.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}/statement.pdf`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(statement.statusCode).toBe(200);
    expect(statement.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const stranger = await app.api(other.apiKey, 'GET', `/v1/invoices/${id}/pdf`);
    expect(stranger.status).toBe(404);
  });
});
