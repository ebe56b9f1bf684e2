import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { advanceClock, allMessages, invoiceScenario, iso, remindersOf, skipTimeWithoutScheduler } from './support.ts';

/** B7: the reminder ladder on the simulated clock, message by message, date by date. */
describe('reminder ladder', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('walks an unpaid send_invoice invoice up the default ladder: -3, 0, +3, +10, +21, then hand-off at +30', async () => {
    // Issued 1 March 10:00, 14 days to pay: due 15 March. Steps run at 09:00 on their day.
    const { api, invoice } = await invoiceScenario(app, { name: 'Ladder Studio', at: '2027-03-01T10:00:00Z', ownerEmail: 'owner@ladder.example' });
    await advanceClock(api, '2027-04-20T00:00:00Z');
    expect(await remindersOf(api, invoice.id)).toEqual([
      ['reminder_upcoming', '2027-03-12T09:00:00.000Z', 'sent'],
      ['reminder_due_today', '2027-03-15T09:00:00.000Z', 'sent'],
      ['reminder_overdue', '2027-03-18T09:00:00.000Z', 'sent'],
      ['collections:reminder_firm', '2027-03-25T09:00:00.000Z', 'sent'],
      ['collections:reminder_final', '2027-04-05T09:00:00.000Z', 'sent'],
      ['collections:reminder_hand_off', '2027-04-14T09:00:00.000Z', 'sent'],
    ]);
    const mailbox = (await api.ok('GET', '/v1/mailbox?limit=100')).data as { template: string; text: string; recipient: string; sent_at: number }[];
    const firm = mailbox.find((m) => m.template === 'collections:reminder_firm')!;
    expect(firm.recipient).toBe('mara@example.com');
    expect(firm.text).toContain(invoice.number);
    expect(firm.text).toContain('$250.00');
    expect(firm.text).toContain('March 15, 2027');
    expect(firm.text).toContain('10 days overdue');
    expect(firm.text).toContain(`/portal/invoices/${invoice.id}`);
    const owner = mailbox.filter((m) => m.recipient === 'owner@ladder.example');
    expect(owner.map((m) => [m.template, iso(m.sent_at)])).toEqual([['collections:handed_off_owner', '2027-04-14T09:00:00.000Z']]);
  });

  it('stops the moment the invoice is paid: the reminder waiting for quiet hours is cancelled and nothing follows', async () => {
    const { api, invoice } = await invoiceScenario(app, { name: 'Quiet Studio', at: '2027-03-01T10:00:00Z' });
    // Quiet until noon: the 09:00 reminders wait for 12:00.
    await api.ok('POST', '/v1/messaging_settings/general', { quiet_hours: { start: '08:00', end: '12:00' } });
    await advanceClock(api, '2027-03-18T10:00:00Z');
    const queued = (await allMessages(api)).find((m) => m.template === 'reminder_overdue')!;
    expect(queued).toMatchObject({ status: 'queued', scheduled_for: Date.parse('2027-03-18T12:00:00Z') / 1000 });
    await api.ok('POST', `/v1/invoices/${invoice.id}/pay`, { paid_out_of_band: true });
    await advanceClock(api, '2027-05-01T00:00:00Z');
    expect(await remindersOf(api, invoice.id)).toEqual([
      ['reminder_upcoming', '2027-03-12T12:00:00.000Z', 'sent'],
      ['reminder_due_today', '2027-03-15T12:00:00.000Z', 'sent'],
      ['reminder_overdue', null, 'canceled'],
    ]);
    const cases = await api.ok('GET', '/v1/collections?state=all');
    expect(cases.data).toHaveLength(1);
    expect(cases.data[0]).toMatchObject({ state: 'closed', closed_reason: 'paid', amount_overdue: 0 });
    expect((await api.ok('GET', '/v1/collections')).data).toEqual([]);
  });

  it('paid on day +5: the friendly reminder went out on day +3, nothing after', async () => {
    const { api, invoice } = await invoiceScenario(app, { name: 'Day Five Studio', at: '2027-03-01T10:00:00Z' });
    await advanceClock(api, '2027-03-20T15:00:00Z');
    await api.ok('POST', `/v1/invoices/${invoice.id}/pay`, { paid_out_of_band: true });
    await advanceClock(api, '2027-05-01T00:00:00Z');
    expect((await remindersOf(api, invoice.id)).map(([template, at]) => [template, at])).toEqual([
      ['reminder_upcoming', '2027-03-12T09:00:00.000Z'],
      ['reminder_due_today', '2027-03-15T09:00:00.000Z'],
      ['reminder_overdue', '2027-03-18T09:00:00.000Z'],
    ]);
  });

  it('a scheduler down for a week catches up with exactly one step, the latest due; the ones it overtook are recorded as skipped', async () => {
    const { api, invoice } = await invoiceScenario(app, { name: 'Downtime Studio', at: '2027-03-01T10:00:00Z' });
    await advanceClock(api, '2027-03-16T12:00:00Z');
    // Down from 16 March to 26 March: the +3 (18 March) and +10 (25 March) steps are both missed.
    await skipTimeWithoutScheduler(app, api, '2027-03-26T12:00:00Z');
    await advanceClock(api, '2027-03-26T12:01:00Z');
    expect(await remindersOf(api, invoice.id)).toEqual([
      ['reminder_upcoming', '2027-03-12T09:00:00.000Z', 'sent'],
      ['reminder_due_today', '2027-03-15T09:00:00.000Z', 'sent'],
      ['collections:reminder_firm', '2027-03-26T12:00:00.000Z', 'sent'],
    ]);
    const [kase] = (await api.ok('GET', '/v1/collections')).data;
    const detail = await api.ok('GET', `/v1/collections/${kase.id}`);
    const steps = detail.invoices[0].steps.map((s: any) => [s.key, s.status, iso(s.scheduled_for)]);
    expect(steps).toEqual([
      ['upcoming', 'done', '2027-03-12T09:00:00.000Z'],
      ['due_today', 'done', '2027-03-15T09:00:00.000Z'],
      ['friendly', 'skipped', '2027-03-18T09:00:00.000Z'],
      ['firm', 'done', '2027-03-25T09:00:00.000Z'],
      ['final_notice', 'scheduled', '2027-04-05T09:00:00.000Z'],
      ['hand_off', 'scheduled', '2027-04-14T09:00:00.000Z'],
    ]);
    expect(kase).toMatchObject({ state: 'open', days_overdue: 11, amount_overdue: 25_000, last_step: { key: 'firm' }, next_step: { key: 'final_notice' } });
    expect(iso(kase.next_step.at)).toBe('2027-04-05T09:00:00.000Z');
    // And the ladder goes on normally afterwards.
    await advanceClock(api, '2027-04-06T00:00:00Z');
    expect((await remindersOf(api, invoice.id)).map(([t]) => t).at(-1)).toBe('collections:reminder_final');
  });

  it('an overdue invoice moved into a payment plan stops its own ladder; the instalments get theirs, and the owner hears of no payment', async () => {
    const { api, customer, invoice } = await invoiceScenario(app, { name: 'Plan Studio', at: '2027-03-01T10:00:00Z', ownerEmail: 'owner@plan.example' });
    await advanceClock(api, '2027-03-20T10:00:00Z');
    const plan = await api.ok('POST', '/v1/payment_plans', { customer, invoices: [invoice.id], count: 2, interval: 'month', first_due_date: '2027-04-01' });
    await advanceClock(api, '2027-04-10T00:00:00Z');
    expect((await remindersOf(api, invoice.id)).map(([template]) => template)).toEqual(['reminder_upcoming', 'reminder_due_today', 'reminder_overdue']);
    const first = (await api.ok('GET', `/v1/payment_plans/${plan.id}`)).instalments[0].invoice;
    expect((await remindersOf(api, first)).map(([template, at]) => [template, at])).toEqual([
      ['reminder_upcoming', '2027-03-29T09:00:00.000Z'],
      ['reminder_due_today', '2027-04-01T09:00:00.000Z'],
      ['reminder_overdue', '2027-04-04T09:00:00.000Z'],
    ]);
    const owner = (await allMessages(api)).filter((m) => m.recipient === 'owner@plan.example');
    expect(owner.map((m) => m.template)).toEqual([]);
  });
});
