import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { configureChannel, queueCustomerMessage } from '../../src/modules/messaging/index.ts';
import { loadTenant } from '../../src/modules/tenants/index.ts';
import { inTenantTx } from '../../src/platform/db/tx.ts';
import { runDueWork } from '../../src/worker/scheduler.ts';
import { type SmtpSink, startSmtpSink } from '../channels/support/smtp-sink.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const reminder = {
  invoice_number: 'YOG-2026-000007',
  amount_due: '€30.00',
  due_date: '1 December 2026',
  pay_url: 'http://127.0.0.1:3000/portal/invoices/in_x',
};

describe('one reminder a day, and one click to stop non-transactional mail', () => {
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

  it('queues a reminder about one invoice once per day, however often it is asked for', async () => {
    const { ctx: tenant } = await app.tenant({ name: 'Dedupe Dance' });
    const customer = await createCustomer(app.ctx, tenant, { name: 'Once Only', email: 'once@example.com' });
    const ask = () =>
      inTenantTx(app.ctx.db, tenant.id, (tx) =>
        queueCustomerMessage(tx, tenant, { customerId: customer.id, template: 'reminder_due_today', vars: reminder, dedupeKey: 'reminder:in_x:2026-12-01' }),
      );
    expect(await ask()).toHaveLength(1);
    expect(await ask()).toHaveLength(0);
    const list = await app.api((await app.tenant({ name: 'unused' })).apiKey, 'GET', '/v1/messages');
    expect(list.body.data).toHaveLength(0); // and nothing leaks to another business
  });

  it('adds List-Unsubscribe to non-transactional mail; the link opts the client out of those, not of invoices', async () => {
    const { ctx, apiKey } = await app.tenant({ name: 'Yoga Lab', currency: 'eur' });
    await configureChannel(app.ctx, ctx, 'email', { host: '127.0.0.1', port: sink.port, from: 'hello@yoga.example' });
    const customer = await createCustomer(app.ctx, ctx, { name: 'Līga Kalniņa', email: 'liga@example.lv', preferredLocales: ['lv'] });
    const queue = (template: 'reminder_upcoming' | 'reminder_due_today') =>
      inTenantTx(app.ctx.db, ctx.id, (tx) => queueCustomerMessage(tx, ctx, { customerId: customer.id, template, vars: reminder, urgent: true }));
    const [id] = await queue('reminder_upcoming');
    await runDueWork(app.ctx, ctx.id);
    const mail = sink.received.find((m) => m.to.includes('liga@example.lv'))!;
    // Header lines may be folded: unfold before reading them.
    const raw = mail.raw.toString('utf8').replace(/\r\n[ \t]+/g, ' ');
    expect(raw).toContain(`List-Unsubscribe: <http://127.0.0.1:3000/unsubscribe/${id}>`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.parsed.text).toContain(`/unsubscribe/${id}`);

    const click = await app.server.inject({
      method: 'POST',
      url: `/unsubscribe/${id}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain('Yoga Lab');
    expect(click.body).toMatch(/vairs nesaņemsiet/); // Latvian, the client's language

    expect(await queue('reminder_upcoming')).toHaveLength(0);
    expect(await queue('reminder_due_today')).toHaveLength(1); // what they owe still reaches them
    const unknown = await app.server.inject({ method: 'GET', url: '/unsubscribe/msg_doesnotexist' });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('resource_missing');
    expect((await app.api(apiKey, 'GET', `/v1/customers/${customer.id}`)).status).toBe(200);
    expect((await loadTenant(app.ctx, ctx.id)).id).toBe(ctx.id);
  });
});
