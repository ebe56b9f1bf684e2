import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../http/helpers.ts';
import { type Api, advanceDays, advanceTo, expectAuditClean, localInstant, monthlyPrice, newCustomer, openTenant } from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TZ = 'Europe/Riga';

/** A finalised one-off invoice (send_invoice), due `days` after today. */
async function openInvoice(api: Api, customer: string, amount: number, days: number) {
  const draft = await api.ok('POST', '/v1/invoices', { customer, days_until_due: days, lines: [{ description: 'Personal training', unit_amount: amount }] });
  return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
}

async function subscribe(api: Api, customer: string, price: string, quantity = 1) {
  await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price, quantity }] });
  const [invoice] = (await api.ok('GET', `/v1/invoices?customer=${customer}`)).data;
  return invoice;
}

const agingSum = (d: any) => Object.values(d.aging as Record<string, number>).reduce((a, b) => a + b, 0);

/**
 * B12 (dashboard): the figures an owner reads first, built from real billing through the API
 * on a test clock in Riga: a paid monthly subscription, a yearly one whose card is expired,
 * and a one-off invoice that goes overdue and is paid in part by hand.
 */
describe('GET /v1/dashboard', () => {
  let app: TestApp;
  let api: Api;
  let other: Api;
  let anna: string;
  let bob: string;
  let carl: string;
  let bobInvoice: any;
  let carlInvoice: any;

  beforeAll(async () => {
    app = await startTestApp();
    // Monday 4 January 2027, 10:00 in Riga.
    api = await openTenant(app, { name: 'Riga Physio', timezone: TZ, currency: 'eur', at: localInstant('2027-01-04', TZ, '10:00:00') });
    other = await openTenant(app, { name: 'Other Studio', timezone: TZ, currency: 'eur', at: localInstant('2027-01-04', TZ, '10:00:00') });
    const monthly = await monthlyPrice(api, 3000, { currency: 'eur' });
    const yearly = await monthlyPrice(api, 12000, { currency: 'eur', interval: 'year' });
    anna = await newCustomer(api, 'Anna Bērziņa', 'pm_card_visa');
    bob = await newCustomer(api, 'Bob', 'pm_card_chargeDeclinedExpiredCard');
    carl = await newCustomer(api, 'Carl');
    expect((await subscribe(api, anna, monthly, 2)).status).toBe('paid'); // 2 x 30.00 charged today
    bobInvoice = await subscribe(api, bob, yearly); // 120.00 a year, first charge declined
    expect(bobInvoice.status).toBe('open');
    carlInvoice = await openInvoice(api, carl, 5000, 10); // due 14 January
  });
  afterAll(() => app.stop());

  const dashboard = (query = '') => api.ok('GET', `/v1/dashboard${query}`);

  it('on day one: what was charged, what is owed, MRR normalised to a month, and the card to replace', async () => {
    const d = await dashboard();
    expect(d).toMatchObject({
      object: 'dashboard',
      currency: 'eur',
      time_zone: TZ,
      month: '2027-01',
      collected_this_month: 6000,
      outstanding: 17000,
      overdue: 0,
      mrr: 6000 + 1000, // 2 x 30.00 monthly + 120.00 / 12
      recovery_rate: 0,
      recovery: { failed_first_charges: 1, recovered: 0, window_days: 90 },
      aging: { current: 17000, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0 },
    });
    expect(d.revenue_trend).toHaveLength(12);
    expect(d.revenue_trend[0]).toEqual({ month: '2026-02', collected: 0 });
    expect(d.revenue_trend.at(-1)).toEqual({ month: '2027-01', collected: 6000 });
    expect(d.work_queue_counts).toEqual({ reminder_due: 0, card_needed: 1, hand_off: 0, task: 0 });
    expect(d.work_queue).toEqual([
      expect.objectContaining({
        type: 'card_needed',
        invoice: bobInvoice.id,
        invoice_number: bobInvoice.number,
        customer: bob,
        customer_name: 'Bob',
        amount: 12000,
        detail: 'expired_card',
      }),
    ]);
  });

  it('once invoices pass their due date they are overdue and age into 1-30 days; a manual payment moves the figures', async () => {
    await advanceDays(api, 20); // 24 January: Carl 10 days late, Bob 20
    let d = await dashboard();
    expect(d).toMatchObject({ collected_this_month: 6000, outstanding: 17000, overdue: 17000 });
    expect(d.aging).toEqual({ current: 0, '1_30': 17000, '31_60': 0, '61_90': 0, over_90: 0 });
    // The same buckets as the aging report, to the cent.
    const [report] = (await api.ok('GET', '/v1/reports/aging')).totals;
    expect(d.aging).toEqual({ current: report.current, '1_30': report['1_30'], '31_60': report['31_60'], '61_90': report['61_90'], over_90: report.over_90 });

    await api.ok('POST', '/v1/payments', { customer: carl, invoice: carlInvoice.id, amount: 2000, method: 'cash' });
    d = await dashboard();
    expect(d).toMatchObject({ collected_this_month: 8000, outstanding: 15000, overdue: 15000 });
    expect(agingSum(d)).toBe(15000);
    expect(d.revenue_trend.at(-1)).toEqual({ month: '2027-01', collected: 8000 });
  });

  it('a failed first charge paid after a new card counts as recovered and leaves the work queue', async () => {
    await api.ok('POST', `/v1/customers/${bob}/payment_methods`, { token: 'pm_card_visa' });
    await advanceDays(api, 1);
    expect((await api.ok('GET', `/v1/invoices/${bobInvoice.id}`)).status).toBe('paid');
    const d = await dashboard();
    expect(d).toMatchObject({ collected_this_month: 20000, outstanding: 3000, overdue: 3000, mrr: 7000, recovery_rate: 1 });
    expect(d.recovery).toMatchObject({ failed_first_charges: 1, recovered: 1 });
    expect(d.work_queue.filter((w: any) => w.type === 'card_needed')).toEqual([]);
  });

  it('subtracts refunds from what was collected, and starts the next local month at zero', async () => {
    const [payment] = (await api.ok('GET', `/v1/payments?customer=${anna}`)).data;
    await api.ok('POST', '/v1/refunds', { payment: payment.id, amount: 1000, reason: 'requested_by_customer' });
    expect((await dashboard()).collected_this_month).toBe(19000);

    // 1 February 00:30 in Riga is still 31 January in UTC: the month follows the business's zone.
    await advanceTo(api, localInstant('2027-02-01', TZ, '00:30:00'));
    const d = await dashboard();
    expect(d).toMatchObject({ month: '2027-02', collected_this_month: 0 });
    expect(d.revenue_trend.slice(-2)).toEqual([
      { month: '2027-01', collected: 19000 },
      { month: '2027-02', collected: 0 },
    ]);
    await expectAuditClean(app);
  });

  it('keeps currencies apart and never counts another business', async () => {
    const usd = await dashboard('?currency=USD');
    expect(usd).toMatchObject({ currency: 'usd', collected_this_month: 0, outstanding: 0, mrr: 0, recovery_rate: null, work_queue: [] });
    expect(usd.revenue_trend.every((m: any) => m.collected === 0)).toBe(true);

    const dana = await newCustomer(other, 'Dana of the other studio');
    const invoice = await openInvoice(other, dana, 77_700, 0);
    await other.ok('POST', '/v1/payments', { customer: dana, invoice: invoice.id, amount: 77_700, method: 'bank_transfer' });
    expect((await other.ok('GET', '/v1/dashboard')).collected_this_month).toBe(77_700);
    expect((await dashboard()).revenue_trend.at(-2)).toEqual({ month: '2027-01', collected: 19000 });
  });

  it("lists today's ladder step before it runs, then the case once it is handed off to collections", async () => {
    // Carl's invoice (due 14 January, 30.00 left) reaches the final notice (+21 days) on 4 February, later that morning.
    await advanceTo(api, localInstant('2027-02-04', TZ, '00:30:00'));
    let d = await dashboard();
    expect(d.work_queue_counts.reminder_due).toBe(1);
    const reminder = d.work_queue.find((w: any) => w.type === 'reminder_due');
    expect(reminder).toMatchObject({ invoice: carlInvoice.id, customer: carl, customer_name: 'Carl', amount: 3000 });
    expect(reminder.case).toMatch(/^case_/);
    expect(reminder.at).toBeGreaterThan(localInstant('2027-02-04', TZ, '00:30:00').getTime() / 1000);

    // The ladder's last step (+30 days) hands the case off: it waits in the queue for the owner.
    await advanceTo(api, localInstant('2027-02-14', TZ, '12:00:00'));
    d = await dashboard();
    expect(d.work_queue_counts).toMatchObject({ reminder_due: 0, hand_off: 1 });
    expect(d.work_queue.find((w: any) => w.type === 'hand_off')).toMatchObject({ case: reminder.case, customer: carl, amount: 3000, invoice: null });
  });

  it('refuses a currency that is not a three-letter code, naming the parameter, and needs an API key', async () => {
    expectError(await app.api(api.apiKey, 'GET', '/v1/dashboard?currency=euro'), 400, 'parameter_invalid', 'currency');
    expectError(await app.api('', 'GET', '/v1/dashboard'), 401, 'api_key_missing');
  });
});
