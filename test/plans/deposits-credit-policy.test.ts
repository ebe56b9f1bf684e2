import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  advanceDays,
  customerBalances,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  monthlyPrice,
  newCustomer,
  openTenant,
} from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** B9: deposits become credit for the next invoices; a credit limit and "prepayment required" block or warn. */
describe('deposits and credit policy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  const oneOff = (api: Api, customer: string, amount: number) =>
    api.call('POST', '/v1/invoices', { customer, lines: [{ description: 'Consultation', unit_amount: amount }] });

  async function finalized(api: Api, customer: string, amount: number) {
    const draft = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Work', unit_amount: amount }] });
    return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
  }

  it('a paid deposit is not revenue; it becomes credit that the next invoice uses first', async () => {
    const api = await openTenant(app, { name: 'Deposit Photo', at: '2027-03-01T10:00:00Z' });
    const customer = await newCustomer(api, 'Wedding Couple');
    const deposit = await api.ok('POST', '/v1/deposits', { customer, amount: 50_000, description: 'Deposit for the wedding shoot', due_date: '2027-03-08' });
    expect(deposit).toMatchObject({ object: 'invoice', billing_reason: 'deposit', status: 'open', total: 50_000, amount_remaining: 50_000 });
    expect(deposit.number).toMatch(/-\d+$/);
    expect(deposit.lines.data[0].description).toBe('Deposit for the wedding shoot');
    expect(await customerBalances(api, customer)).toMatchObject({ receivable: 50_000, credit_balance: 0 });

    // A deposit cannot go into a payment plan: it is a prepayment, not a debt to reschedule.
    const plan = await api.call('POST', '/v1/payment_plans', { customer, invoices: [deposit.id], count: 2, interval: 'week', first_due_date: '2027-03-08' });
    expect(plan.status).toBe(409);

    await api.ok('POST', `/v1/invoices/${deposit.id}/pay`, { paid_out_of_band: true });
    await advanceDays(api, 1);
    expect(await customerBalances(api, customer)).toMatchObject({ receivable: 0, credit_balance: 50_000, balance: -50_000 });
    let ledger = await expectLedgerBalanced(api, customer);
    expect(ledger.filter((e) => e.account === 'revenue')).toEqual([]);

    const next = await finalized(api, customer, 120_000);
    expect(next).toMatchObject({ credit_applied: 50_000, amount_remaining: 70_000, status: 'open' });
    expect(await customerBalances(api, customer)).toMatchObject({ receivable: 70_000, credit_balance: 0 });
    ledger = await expectLedgerBalanced(api, customer);
    // Revenue is the real sale only, once.
    expect(ledger.filter((e) => e.account === 'revenue').reduce((s, e) => s + e.credit - e.debit, 0)).toBe(120_000);
    await expectAuditClean(app);
  });

  it('an autopay deposit is charged on its due date and credited at once; an unpaid deposit can be voided cleanly', async () => {
    const api = await openTenant(app, { name: 'Deposit Gym', at: '2027-03-01T10:00:00Z' });
    const customer = await newCustomer(api, 'Member', 'pm_card_visa');
    const deposit = await api.ok('POST', '/v1/deposits', { customer, amount: 20_000, collection_method: 'charge_automatically', due_date: '2027-03-05' });
    expect(deposit.next_payment_attempt).toBe(Date.parse('2027-03-05T00:00:00Z') / 1000);
    await advanceDays(api, 3);
    expect((await api.ok('GET', `/v1/invoices/${deposit.id}`)).status).toBe('open');
    await advanceDays(api, 2);
    expect((await api.ok('GET', `/v1/invoices/${deposit.id}`)).status).toBe('paid');
    expect(await customerBalances(api, customer)).toMatchObject({ credit_balance: 20_000, receivable: 0 });
    const [payment] = (await api.ok('GET', `/v1/payments?invoice=${deposit.id}`)).data;
    expect(payment).toMatchObject({ amount: 20_000, amount_to_credit: 20_000 });
    // Giving a deposit back takes back the credit it created: the client is not refunded and in credit.
    await api.ok('POST', '/v1/refunds', { payment: payment.id, amount: 5_000 });
    expect(await customerBalances(api, customer)).toMatchObject({ credit_balance: 15_000, receivable: 0 });

    const unpaid = await api.ok('POST', '/v1/deposits', { customer, amount: 7_500 });
    expect(unpaid.lines.data[0].description).toBe('Deposit');
    await api.ok('POST', `/v1/invoices/${unpaid.id}/void`);
    expect(await customerBalances(api, customer)).toMatchObject({ credit_balance: 15_000, receivable: 0 });
    const ledger = await expectLedgerBalanced(api, customer);
    const net = (account: string) => ledger.filter((e) => e.account === account).reduce((s, e) => s + e.debit - e.credit, 0);
    expect(net('customer_deposits')).toBe(0);
    expect(net('revenue')).toBe(0);
    await expectAuditClean(app);
  });

  it('blocks a one-off invoice that would take the customer over the credit limit, and writes nothing', async () => {
    const api = await openTenant(app, { name: 'Strict Supplies', at: '2027-03-01T10:00:00Z' });
    const customer = await api.ok('POST', '/v1/customers', { name: 'Careful Buyer', credit_limit: 10_000, credit_policy: 'block' });
    expect(customer).toMatchObject({ credit_limit: 10_000, credit_policy: 'block', prepayment_required: false });
    await finalized(api, customer.id, 8_000);
    const before = await invoicesOf(api, customer.id);

    const over = await oneOff(api, customer.id, 3_000);
    expect(over.status).toBe(402);
    expect(over.body.error.code).toBe('credit_limit_exceeded');
    expect(over.body.error.message).toContain('11000');
    expect(await invoicesOf(api, customer.id)).toEqual(before);

    // Up to the limit is fine.
    const within = await oneOff(api, customer.id, 2_000);
    expect(within.status).toBe(200);
    // Warnings appear only when there are some.
    expect(within.body.warnings).toBeUndefined();
    // The limit is lowered while the draft waits: finalising is checked again.
    await api.ok('POST', `/v1/customers/${customer.id}`, { credit_limit: 9_000 });
    const refused = await api.call('POST', `/v1/invoices/${within.body.id}/finalize`);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('credit_limit_exceeded');
    expect((await api.ok('GET', `/v1/invoices/${within.body.id}`)).status).toBe('draft');
    expect((await customerBalances(api, customer.id)).receivable).toBe(8_000);
  });

  it('warns instead of blocking under the warn policy, and records what it let through', async () => {
    const api = await openTenant(app, { name: 'Lenient Supplies', at: '2027-03-01T10:00:00Z' });
    const customer = await api.ok('POST', '/v1/customers', { name: 'Big Buyer', credit_limit: 10_000 });
    expect(customer.credit_policy).toBe('warn');
    await finalized(api, customer.id, 8_000);
    const draft = await oneOff(api, customer.id, 3_000);
    expect(draft.status).toBe(200);
    expect(draft.body.warnings.map((w: any) => w.code)).toEqual(['credit_limit_exceeded']);
    const done = await api.ok('POST', `/v1/invoices/${draft.body.id}/finalize`);
    expect(done).toMatchObject({ status: 'open', amount_remaining: 3_000 });
    expect(done.warnings.map((w: any) => w.code)).toEqual(['credit_limit_exceeded']);
    const recorded = await api.ok('GET', `/v1/customers/${customer.id}/credit_warnings`);
    expect(recorded.data.map((w: any) => [w.code, w.invoice])).toEqual([['credit_limit_exceeded', draft.body.id]]);
  });

  it('prepayment required: one-off invoices are blocked (or warned) but a deposit is always allowed', async () => {
    const api = await openTenant(app, { name: 'Prepay Only', at: '2027-03-01T10:00:00Z' });
    const strict = await api.ok('POST', '/v1/customers', { name: 'New Client', prepayment_required: true, credit_policy: 'block' });
    const blocked = await oneOff(api, strict.id, 5_000);
    expect(blocked.status).toBe(402);
    expect(blocked.body.error.code).toBe('prepayment_required');
    const deposit = await api.call('POST', '/v1/deposits', { customer: strict.id, amount: 5_000 });
    expect(deposit.status).toBe(200);

    const lenient = await api.ok('POST', '/v1/customers', { name: 'Known Client', prepayment_required: true });
    const warned = await oneOff(api, lenient.id, 5_000);
    expect(warned.status).toBe(200);
    expect(warned.body.warnings.map((w: any) => w.code)).toEqual(['prepayment_required']);
  });

  it('never blocks a subscription renewal, but records the warning', async () => {
    const api = await openTenant(app, { name: 'Renewal Club', at: '2027-03-01T10:00:00Z' });
    const customer = await api.ok('POST', '/v1/customers', { name: 'Member Over Limit', credit_limit: 1_000, credit_policy: 'block' });
    const price = await monthlyPrice(api, 5_000);
    const sub = await api.ok('POST', '/v1/subscriptions', { customer: customer.id, items: [{ price }], collection_method: 'send_invoice' });
    await advanceDays(api, 32);
    const invoices = (await invoicesOf(api, customer.id)).filter((i) => i.subscription === sub.id);
    expect(invoices).toHaveLength(2);
    const recorded = await api.ok('GET', `/v1/customers/${customer.id}/credit_warnings`);
    expect(recorded.data.map((w: any) => w.code)).toEqual(['credit_limit_exceeded', 'credit_limit_exceeded']);
    expect(new Set(recorded.data.map((w: any) => w.invoice))).toEqual(new Set(invoices.map((i) => i.id)));
  });

  it("another business cannot bill a deposit to, or read the credit warnings of, this business's customer", async () => {
    const owner = await openTenant(app, { name: 'Owner Deposits', at: '2027-03-01T10:00:00Z' });
    const other = await openTenant(app, { name: 'Other Deposits', at: '2027-03-01T10:00:00Z' });
    const customer = await newCustomer(owner, 'Private Client');
    expect((await other.call('POST', '/v1/deposits', { customer, amount: 1_000 })).status).toBe(404);
    expect((await other.call('GET', `/v1/customers/${customer}/credit_warnings`)).status).toBe(404);
    expect((await other.call('POST', `/v1/customers/${customer}`, { credit_limit: 0 })).status).toBe(404);
    expect((await owner.ok('GET', `/v1/customers/${customer}`)).credit_limit).toBeNull();
  });
});
