import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  advanceTo,
  customerBalances,
  expectAuditClean,
  expectLedgerBalanced,
  gatewayChargesFor,
  invoicesOf,
  localInstant,
  localParts,
  monthlyPrice,
  newCustomer,
  openTenant,
} from '../scenarios/scenario-helpers.ts';
import { popplerAvailable } from '../support/poppler.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TZ = 'Europe/Riga';
const DAY0 = '2027-03-01';
const day = (n: number, time = '10:00:00') => {
  const d = new Date(`${DAY0}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return localInstant(d.toISOString().slice(0, 10), TZ, time);
};

describe('early-payment discount "2/10 net 30"', () => {
  let app: TestApp;
  let api: Api;
  const dir = mkdtempSync(join(tmpdir(), 'duly-terms-'));

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Sunrise Fitness', timezone: TZ, at: day(0) });
    const terms = await api.ok('POST', '/v1/settings/payment_terms', { net_days: 30, early_payment_discount: { percent: 2, days: 10 } });
    expect(terms).toMatchObject({ object: 'payment_terms', net_days: 30, early_payment_discount: { percent: 2, days: 10 }, late_fee: null });
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A 100.00 one-off invoice, finalised now. */
  async function issue(customer: string, extra: Record<string, unknown> = {}, amount = 10_000) {
    const draft = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Personal training', unit_amount: amount }], ...extra });
    return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
  }

  let onTime: { customer: string; invoice: any };
  let late: { customer: string; invoice: any };

  it('an invoice shows the offer: 2 % off, the last local day of the window, and what to pay by then', async () => {
    const customer = await newCustomer(api, 'Pays on day 9');
    const invoice = await issue(customer);
    expect(invoice).toMatchObject({ status: 'open', total: 10_000, amount_remaining: 10_000, days_until_due: 30, discount_taken: 0 });
    expect(invoice.early_payment_discount).toMatchObject({ percent: 2, days: 10, amount: 200, amount_if_paid_by: 9800 });
    // Finalised on 1 March: the offer holds until the end of 11 March where the business is.
    expect(localParts(invoice.early_payment_discount.pay_by, TZ)).toMatchObject({ date: '2027-03-11', time: '23:59:59' });
    expect(localParts(invoice.due_date, TZ).date).toBe('2027-03-31');
    onTime = { customer, invoice };
    late = { customer: await newCustomer(api, 'Pays on day 11'), invoice: null };
    late.invoice = await issue(late.customer);
  });

  it.runIf(popplerAvailable)('the PDF prints the offer in the client’s terms', async () => {
    const response = await app.server.inject({
      method: 'GET',
      url: `/v1/invoices/${onTime.invoice.id}/pdf`,
      headers: { authorization: `Bearer ${api.apiKey}` },
    });
    expect(response.statusCode).toBe(200);
    const file = join(dir, 'offer.pdf');
    writeFileSync(file, response.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/2% off if paid by [^:]*11[^:]*2027: \$98\.00/);
  });

  it('paid by bank transfer on day 9: 98 % settles it, the discount is in the ledger, the client owes nothing', async () => {
    await advanceTo(api, day(9, '16:00:00'));
    const payment = await api.ok('POST', '/v1/payments', { customer: onTime.customer, invoice: onTime.invoice.id, amount: 9800, method: 'bank_transfer' });
    expect(payment).toMatchObject({ amount: 9800, amount_applied: 9800, amount_to_credit: 0 });
    const invoice = await api.ok('GET', `/v1/invoices/${onTime.invoice.id}`);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 9800, discount_taken: 200, amount_remaining: 0 });
    expect(await customerBalances(api, onTime.customer)).toMatchObject({ balance: 0, receivable: 0, credit_balance: 0 });
    const ledger = await expectLedgerBalanced(api, onTime.customer);
    const discount = ledger.filter((e) => e.source_type === 'early_payment_discount');
    expect(discount).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: 'sales_discounts', debit: 200, credit: 0 }),
        expect.objectContaining({ account: 'accounts_receivable', debit: 0, credit: 200 }),
      ]),
    );
    expect(discount).toHaveLength(2);
    // The discounted part cannot be credited back a second time.
    const tooMuch = await api.call('POST', '/v1/credit_notes', { invoice: onTime.invoice.id, amount: 9801 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_too_large', message: expect.stringContaining('9800') });
  });

  it.runIf(popplerAvailable)('the customer statement shows the discount and a zero balance', async () => {
    const response = await app.server.inject({
      method: 'GET',
      url: `/v1/customers/${onTime.customer}/statement.pdf`,
      headers: { authorization: `Bearer ${api.apiKey}` },
    });
    expect(response.statusCode).toBe(200);
    const file = join(dir, 'statement.pdf');
    writeFileSync(file, response.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Payment\s+\S+\s+\$98\.00\s+\$2\.00/);
    expect(text).toMatch(/Early-payment\s+SUN-\d{4}-\d{6}\s+\$2\.00\s+\$0\.00/);
    expect(text).toMatch(/Closing balance\s+\$0\.00/);
  });

  it('paid on day 11: no discount, a 98 % payment leaves 2 % open', async () => {
    await advanceTo(api, day(11, '09:00:00'));
    await api.ok('POST', '/v1/payments', { customer: late.customer, invoice: late.invoice.id, amount: 9800, method: 'cash' });
    const invoice = await api.ok('GET', `/v1/invoices/${late.invoice.id}`);
    expect(invoice).toMatchObject({ status: 'open', amount_paid: 9800, discount_taken: 0, amount_remaining: 200 });
    expect(await customerBalances(api, late.customer)).toMatchObject({ balance: 200, receivable: 200 });
    const ledger = await expectLedgerBalanced(api, late.customer);
    expect(ledger.filter((e) => e.account === 'sales_discounts')).toEqual([]);
  });

  it('the last minute of the last local day still counts; the first minute after does not', async () => {
    await advanceTo(api, day(12, '09:00:00'));
    const a = await issue(await newCustomer(api, 'Just in time'));
    const b = await issue(await newCustomer(api, 'Just too late'));
    await advanceTo(api, day(22, '23:59:00'));
    await api.ok('POST', '/v1/payments', { customer: a.customer, invoice: a.id, amount: 9800, method: 'cash' });
    await advanceTo(api, day(23, '00:01:00'));
    await api.ok('POST', '/v1/payments', { customer: b.customer, invoice: b.id, amount: 9800, method: 'cash' });
    expect(await api.ok('GET', `/v1/invoices/${a.id}`)).toMatchObject({ status: 'paid', discount_taken: 200 });
    expect(await api.ok('GET', `/v1/invoices/${b.id}`)).toMatchObject({ status: 'open', discount_taken: 0, amount_remaining: 200 });
  });

  it('autopay inside the window charges the discounted amount, at finalisation and on a retry', async () => {
    const customer = await newCustomer(api, 'Card on file', 'pm_card_visa');
    const paid = await issue(customer, { collection_method: 'charge_automatically' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 9800, discount_taken: 200, amount_remaining: 0 });
    expect((await gatewayChargesFor(app, paid.id)).map((c) => [c.status, Number(c.amount)])).toEqual([['succeeded', 9800]]);

    // Declined once, retried days later but still inside the window: again 98 %.
    const flaky = await newCustomer(api, 'Card fails once', 'pm_card_failFirst1');
    const declined = await issue(flaky, { collection_method: 'charge_automatically' });
    expect(declined).toMatchObject({ status: 'open', amount_remaining: 10_000 });
    const retryAt = new Date(declined.next_payment_attempt * 1000);
    expect(retryAt.getTime()).toBeLessThan(declined.early_payment_discount.pay_by * 1000);
    await advanceTo(api, new Date(retryAt.getTime() + 60_000));
    const recovered = await api.ok('GET', `/v1/invoices/${declined.id}`);
    expect(recovered).toMatchObject({ status: 'paid', amount_paid: 9800, discount_taken: 200 });
    expect((await gatewayChargesFor(app, declined.id)).map((c) => [c.status, Number(c.amount)])).toEqual([
      ['failed', 9800],
      ['succeeded', 9800],
    ]);
    expect(await customerBalances(api, flaky)).toMatchObject({ balance: 0 });
  });

  it('a subscription renewal charged by autopay takes the discount too', async () => {
    const price = await monthlyPrice(api, 5000, { nickname: 'Monthly', currency: 'usd' });
    const customer = await newCustomer(api, 'Member', 'pm_card_visa');
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price }] });
    const [first] = await invoicesOf(api, customer);
    expect(first).toMatchObject({ status: 'paid', total: 5000, amount_paid: 4900, discount_taken: 100 });
  });

  it('a per-invoice override is kept, and later setting changes never alter an issued invoice', async () => {
    const customer = await newCustomer(api, 'Special terms');
    const special = await issue(customer, { payment_terms: { net_days: 45, early_payment_discount: { percent: 1.5, days: 5 } } });
    expect(special).toMatchObject({ days_until_due: 45, early_payment_discount: { percent: 1.5, days: 5, amount: 150 } });
    const none = await issue(customer, { payment_terms: { early_payment_discount: null } });
    expect(none.early_payment_discount).toBeNull();
    const standard = await issue(customer);
    await api.ok('POST', '/v1/settings/payment_terms', { early_payment_discount: { percent: 3, days: 15 } });
    expect((await api.ok('GET', `/v1/invoices/${standard.id}`)).early_payment_discount).toEqual(standard.early_payment_discount);
    expect((await issue(customer)).early_payment_discount).toMatchObject({ percent: 3, days: 15, amount: 300 });
    // Rounding is half up in minor units: 2.5 % of 10.20 is 0.255 -> 0.26.
    await api.ok('POST', '/v1/settings/payment_terms', { early_payment_discount: { percent: 2.5, days: 10 } });
    expect((await issue(customer, {}, 1020)).early_payment_discount).toMatchObject({ percent: 2.5, amount: 26, amount_if_paid_by: 994 });
    const bad = await api.call('POST', '/v1/invoices', {
      customer,
      lines: [{ description: 'x', unit_amount: 100 }],
      payment_terms: { net_days: 5, early_payment_discount: { percent: 2, days: 10 } },
    });
    expect(bad.status).toBe(400);
  });

  it('every invariant of `duly audit` holds with discounts taken', async () => {
    await expectAuditClean(app);
  });
});
