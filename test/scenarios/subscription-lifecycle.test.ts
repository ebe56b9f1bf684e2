import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceTo,
  expectAuditClean,
  gatewayChargesFor,
  invoicesOf,
  localInstant,
  localParts,
  monthlyPrice,
  newCustomer,
  openTenant,
} from './scenario-helpers.ts';

const TZ = 'Asia/Bangkok';
const DAY = 86_400;

describe('trials, cancellation at period end, pause and resume, invoices sent for payment', () => {
  let app: TestApp;
  let api: Api;
  let plan: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Lotus Studio', timezone: TZ, currency: 'thb', at: localInstant('2027-08-05', TZ, '15:00:00') });
    plan = await monthlyPrice(api, 150000, { currency: 'thb', nickname: 'Unlimited' });
  });
  afterAll(() => app.stop());

  it('a 14-day trial bills nothing until it ends, then the first full period', async () => {
    const customer = await newCustomer(api, 'Trial member', 'pm_card_visa');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }], trial_period_days: 14 });
    expect(sub.status).toBe('trialing');
    expect(localParts(sub.trial_end, TZ)).toMatchObject({ date: '2027-08-19', time: '00:00:00' });
    expect(await invoicesOf(api, customer)).toEqual([]);

    await advanceTo(api, localInstant('2027-08-18', TZ, '23:00:00'));
    expect(await invoicesOf(api, customer)).toEqual([]);
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('trialing');

    await advanceTo(api, localInstant('2027-08-19', TZ, '01:00:00'));
    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(1);
    expect(localParts(invoices[0].period_start, TZ).date).toBe('2027-08-19');
    expect(localParts(invoices[0].period_end, TZ).date).toBe('2027-09-19');
    expect(invoices[0]).toMatchObject({ total: 150000, status: 'paid', amount_paid: 150000 });
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
  });

  it('cancel at period end: the period paid for runs out, then no more invoices and the status is canceled', async () => {
    const customer = await newCustomer(api, 'Leaving member', 'pm_card_visa');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const periodEnd = sub.current_period_end;
    const canceling = await api.ok('POST', `/v1/subscriptions/${sub.id}/cancel`, { at_period_end: true });
    expect(canceling).toMatchObject({ status: 'active', cancel_at_period_end: true, current_period_end: periodEnd });

    await advanceTo(api, new Date((periodEnd - 3600) * 1000));
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
    await advanceTo(api, new Date((periodEnd + 3 * DAY) * 1000));
    const after = await api.ok('GET', `/v1/subscriptions/${sub.id}`);
    expect(after.status).toBe('canceled');
    expect(after.canceled_at).toBe(periodEnd);
    await advanceTo(api, new Date((periodEnd + 70 * DAY) * 1000));
    expect(await invoicesOf(api, customer)).toHaveLength(1);
  });

  it('pause then resume: nothing is billed while paused, billing continues after', async () => {
    const customer = await newCustomer(api, 'Travelling member', 'pm_card_visa');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const start = sub.current_period_start;
    await advanceTo(api, new Date((start + 10 * DAY) * 1000));
    const paused = await api.ok('POST', `/v1/subscriptions/${sub.id}/pause`);
    expect(paused.status).toBe('paused');
    await advanceTo(api, new Date((start + 75 * DAY) * 1000));
    expect(await invoicesOf(api, customer)).toHaveLength(1);

    const resumed = await api.ok('POST', `/v1/subscriptions/${sub.id}/resume`);
    expect(resumed.status).toBe('active');
    await advanceTo(api, new Date((start + 75 * DAY + 60) * 1000));
    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(2);
    // The months spent paused were never billed: the second invoice covers the time after resuming.
    expect(invoices[1].period_end).toBeGreaterThan(start + 75 * DAY);
    expect(localParts(invoices[1].period_start, TZ).time).toBe('00:00:00');
    expect(invoices[1].status).toBe('paid');
  });

  it('send_invoice: the invoice is open, due days_until_due after it is issued, and no card is charged', async () => {
    const customer = await newCustomer(api, 'Company account', 'pm_card_visa');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }], collection_method: 'send_invoice', days_until_due: 30 });
    let [invoice] = await invoicesOf(api, customer);
    invoice = await api.ok('GET', `/v1/invoices/${invoice.id}`);
    expect(invoice).toMatchObject({ status: 'open', collection_method: 'send_invoice', days_until_due: 30, amount_remaining: 150000, attempt_count: 0 });
    expect(invoice.due_date).toBe(invoice.status_transitions.finalized_at + 30 * DAY);
    expect(await gatewayChargesFor(app, invoice.id)).toEqual([]);

    await advanceTo(api, new Date((sub.current_period_end + 3600) * 1000));
    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(2);
    for (const inv of invoices) {
      expect(inv).toMatchObject({ status: 'open', amount_paid: 0 });
      expect(inv.due_date).toBe(inv.status_transitions.finalized_at + 30 * DAY);
      expect(await gatewayChargesFor(app, inv.id)).toEqual([]);
    }
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ receivable: 300000 });
    // An open invoice for a business does not make the subscription past due.
    expect((await api.ok('GET', `/v1/subscriptions/${sub.id}`)).status).toBe('active');
  });

  it('send_invoice without days_until_due uses the payment terms (14 days by default)', async () => {
    const customer = await newCustomer(api, 'Default terms');
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }], collection_method: 'send_invoice' });
    const [invoice] = await invoicesOf(api, customer);
    expect(invoice).toMatchObject({ status: 'open', days_until_due: 14 });
    expect(invoice.due_date).toBe(invoice.status_transitions.finalized_at + 14 * DAY);
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
