import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerBalanced, monthlyPrice, openTenant } from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { advanceClock, allMessages, invoiceScenario, iso, remindersOf } from './support.ts';

/** Step actions: a task for staff, a chosen channel, a late fee, suspending the service, a dispute pausing it all. */
describe('reminder ladder actions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('runs each step’s actions: SMS-only nudge with a staff task, late fee and suspension, a silent hand-off', async () => {
    const api = await openTenant(app, { name: 'Action Yoga', at: '2027-03-01T10:00:00Z' });
    await api.ok('POST', '/v1/settings/payment_terms', { late_fee: { type: 'fixed', amount: 1_500, grace_days: 0 } });
    await api.ok('POST', '/v1/settings/reminder_ladder', {
      steps: [
        {
          key: 'sms_nudge',
          offset_days: 2,
          template: 'friendly',
          channels: ['sms'],
          actions: [{ type: 'assign_task', assignee_email: 'desk@yoga.example', note: 'Call Mara about the class pass' }],
        },
        { key: 'fee_and_suspend', offset_days: 5, template: 'firm', actions: [{ type: 'late_fee' }, { type: 'suspend' }] },
        { key: 'hand_off', offset_days: 9, template: null, actions: [{ type: 'hand_off' }] },
      ],
    });
    const customer = await api.ok('POST', '/v1/customers', { name: 'Mara Ozola', email: 'mara@example.com', phone: '+37120000000' });
    const price = await monthlyPrice(api, 6_000);
    const sub = await api.ok('POST', '/v1/subscriptions', { customer: customer.id, items: [{ price }], collection_method: 'send_invoice' });
    const [invoice] = (await api.ok('GET', `/v1/invoices?customer=${customer.id}`)).data;
    expect(iso(invoice.due_date)).toBe('2027-03-15T10:00:00.000Z');

    await advanceClock(api, '2027-03-25T00:00:00Z');
    const messages = await allMessages(api);
    const reminders = messages.filter((m) => m.invoice === invoice.id && m.template !== 'invoice_issued');
    expect(reminders.map((m) => [m.template, m.channel, iso(m.created)])).toEqual([
      ['reminder_overdue', 'sms', '2027-03-17T09:00:00.000Z'],
      ['collections:reminder_firm', 'email', '2027-03-20T09:00:00.000Z'],
    ]);
    // No SMS provider is configured: recorded as failed, never silently dropped.
    expect(reminders[0]).toMatchObject({ recipient: '+37120000000', status: 'failed' });

    const task = messages.find((m) => m.recipient === 'desk@yoga.example')!;
    expect(task).toMatchObject({ template: 'collections:task_assigned', status: 'sent' });
    expect(iso(task.sent_at)).toBe('2027-03-17T09:00:00.000Z');
    expect(task.text).toContain('Call Mara about the class pass');

    const fee = (await api.ok('GET', `/v1/invoices?customer=${customer.id}`)).data.find((i: any) => i.billing_reason === 'late_fee');
    expect(fee).toMatchObject({ total: 1_500, status: 'open' });
    const ledger = await expectLedgerBalanced(api, customer.id);
    expect(ledger.filter((e) => e.account === 'late_fee_income').reduce((s, e) => s + e.credit - e.debit, 0)).toBe(1_500);
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('paused');
    // The fee rides along in the case without reminders of its own.
    expect((await remindersOf(api, fee.id)).length).toBe(0);

    const [kase] = (await api.ok('GET', '/v1/collections')).data;
    expect(kase).toMatchObject({ state: 'in_collections', invoice_count: 2, amount_overdue: 6_000 + 1_500 });
    expect(iso(kase.handed_off_at)).toBe('2027-03-24T09:00:00.000Z');
    const detail = await api.ok('GET', `/v1/collections/${kase.id}`);
    expect(detail.tasks).toEqual([expect.objectContaining({ invoice: invoice.id, step: 'sms_nudge', assignee_email: 'desk@yoga.example', status: 'open' })]);
    const steps = detail.invoices.find((i: any) => i.id === invoice.id).steps;
    expect(steps.find((s: any) => s.key === 'fee_and_suspend').actions).toEqual([
      { type: 'late_fee', outcome: 'done', id: fee.id },
      { type: 'suspend', outcome: 'queued', id: sub.id },
    ]);
    expect(steps.find((s: any) => s.key === 'hand_off').messages).toEqual([]);
  });

  it('pauses while a dispute is open and, once it is won, catches up with the one step now due', async () => {
    const { api, customer, invoice } = await invoiceScenario(app, { name: 'Dispute Studio', at: '2027-03-01T10:00:00Z' });
    await advanceClock(api, '2027-03-16T10:00:00Z');
    const payment = await api.ok('POST', '/v1/payments', { customer, invoice: invoice.id, amount: 5_000, method: 'bank_transfer' });
    const dispute = await api.ok('POST', '/v1/disputes', { payment: payment.id, reason: 'fraudulent', evidence_due_by: '2027-04-10T00:00:00Z' });
    await advanceClock(api, '2027-03-27T10:00:00Z');
    // Nothing while disputed: neither the +3 nor the +10 reminder.
    expect((await remindersOf(api, invoice.id)).map(([t]) => t)).toEqual(['reminder_upcoming', 'reminder_due_today']);
    await api.ok('POST', `/v1/disputes/${dispute.id}/close`, { outcome: 'won' });
    await advanceClock(api, '2027-03-27T10:01:00Z');
    const after = await remindersOf(api, invoice.id);
    expect(after.map(([t, at]) => [t, at])).toEqual([
      ['reminder_upcoming', '2027-03-12T09:00:00.000Z'],
      ['reminder_due_today', '2027-03-15T09:00:00.000Z'],
      ['collections:reminder_firm', '2027-03-27T10:00:00.000Z'],
    ]);
    const firm = (await allMessages(api)).find((m) => m.template === 'collections:reminder_firm')!;
    expect(firm.text).toContain('$200.00');
  });
});
