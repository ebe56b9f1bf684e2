import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceTo,
  expectAuditClean,
  expectLedgerBalanced,
  gatewayChargesFor,
  invoicesOf,
  localInstant,
  localParts,
  monthlyPrice,
  newCustomer,
  openTenant,
} from './scenario-helpers.ts';

const TZ = 'America/New_York';

describe('money in and out: partial payments, overpayment, refunds, credit notes', () => {
  let app: TestApp;
  let api: Api;
  let plan: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Harbor Pilates', timezone: TZ, at: localInstant('2027-05-03', TZ, '10:00:00') });
    plan = await monthlyPrice(api, 5000, { nickname: 'Monthly' });
  });
  afterAll(() => app.stop());

  const balances = (customer: string) => api.ok('GET', `/v1/customers/${customer}`);

  describe('partial payments and overpayment', () => {
    let customer: string;
    let first: any;

    it('an invoice paid in part stays open with less remaining', async () => {
      customer = await newCustomer(api, 'Pays in cash');
      await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }], collection_method: 'send_invoice', days_until_due: 10 });
      [first] = await invoicesOf(api, customer);
      expect(first).toMatchObject({ status: 'open', total: 5000, amount_remaining: 5000 });
      const payment = await api.ok('POST', '/v1/payments', { customer, invoice: first.id, amount: 2000, method: 'cash' });
      expect(payment).toMatchObject({ amount: 2000, amount_applied: 2000, amount_to_credit: 0 });
      const after = await api.ok('GET', `/v1/invoices/${first.id}`);
      expect(after).toMatchObject({ status: 'open', amount_paid: 2000, amount_remaining: 3000 });
      expect(await balances(customer)).toMatchObject({ receivable: 3000, credit_balance: 0, balance: 3000 });
    });

    it('a second payment settles it and what is paid beyond becomes credit', async () => {
      const payment = await api.ok('POST', '/v1/payments', { customer, invoice: first.id, amount: 3500, method: 'bank_transfer', reference: 'SEPA 42' });
      expect(payment).toMatchObject({ amount: 3500, amount_applied: 3000, amount_to_credit: 500 });
      const after = await api.ok('GET', `/v1/invoices/${first.id}`);
      expect(after).toMatchObject({ status: 'paid', amount_paid: 5000, amount_remaining: 0 });
      expect(await balances(customer)).toMatchObject({ receivable: 0, credit_balance: 500, balance: -500 });
      // Paying a paid invoice again is refused: the money would have nowhere to go on it.
      const again = await api.call('POST', '/v1/payments', { customer, invoice: first.id, amount: 100, method: 'cash' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('invoice_not_open');
    });

    it('the credit is applied to the next renewal', async () => {
      await advanceTo(api, localInstant('2027-06-03', TZ, '09:00:00'));
      const invoices = await invoicesOf(api, customer);
      expect(invoices).toHaveLength(2);
      expect(localParts(invoices[1].period_start, TZ).date).toBe('2027-06-03');
      expect(invoices[1]).toMatchObject({ status: 'open', total: 5000, credit_applied: 500, amount_due: 4500, amount_remaining: 4500 });
      expect(await balances(customer)).toMatchObject({ receivable: 4500, credit_balance: 0, balance: 4500 });
      await expectLedgerBalanced(api, customer);
    });
  });

  describe('refunds', () => {
    it('a card payment is refunded in part, then in full; more than is left is refused', async () => {
      const customer = await newCustomer(api, 'Card member', 'pm_card_visa');
      await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
      const [invoice] = await invoicesOf(api, customer);
      expect(invoice.status).toBe('paid');
      const payments = await api.ok('GET', `/v1/payments?invoice=${invoice.id}`);
      expect(payments.data).toHaveLength(1);
      const payment = payments.data[0];
      expect(payment).toMatchObject({ method: 'card', amount: 5000, amount_refunded: 0 });

      const partial = await api.ok('POST', '/v1/refunds', { payment: payment.id, amount: 1500, reason: 'requested_by_customer' });
      expect(partial).toMatchObject({ status: 'succeeded', amount: 1500 });
      const tooMuch = await api.call('POST', '/v1/refunds', { payment: payment.id, amount: 3501 });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error).toMatchObject({ code: 'refund_exceeds_payment', param: 'amount' });
      const rest = await api.ok('POST', '/v1/refunds', { payment: payment.id });
      expect(rest).toMatchObject({ status: 'succeeded', amount: 3500 });
      expect(await api.ok('GET', `/v1/payments/${payment.id}`)).toMatchObject({ amount_refunded: 5000 });
      const nothingLeft = await api.call('POST', '/v1/refunds', { payment: payment.id, amount: 1 });
      expect(nothingLeft.status).toBe(400);

      // The gateway gave back exactly what was charged, once.
      const [charge] = await gatewayChargesFor(app, invoice.id);
      const { rows } = await import('../../src/platform/db/tx.ts');
      const { sql } = await import('drizzle-orm');
      const refunded = await rows<{ total: string | number }>(
        app.ctx.db,
        sql`select coalesce(sum(amount), 0) as total from sandbox_refunds where charge_id = ${charge!.charge_id}`,
      );
      expect(Number(refunded[0]!.total)).toBe(5000);

      const ledger = await expectLedgerBalanced(api, customer);
      const refundEntries = ledger.filter((e) => e.source_type === 'refund');
      expect(refundEntries.reduce((s, e) => s + e.credit, 0)).toBe(5000);
      expect(await balances(customer)).toMatchObject({ receivable: 0, credit_balance: 0 });
    });

    it('a cash payment is refunded; money that sat as credit comes out of the credit', async () => {
      const customer = await newCustomer(api, 'Cash member');
      const prepaid = await api.ok('POST', '/v1/payments', { customer, amount: 2500, method: 'cash' });
      expect(prepaid).toMatchObject({ amount_applied: 0, amount_to_credit: 2500 });
      expect(await balances(customer)).toMatchObject({ credit_balance: 2500 });
      const refund = await api.ok('POST', '/v1/refunds', { payment: prepaid.id, amount: 1000 });
      expect(refund).toMatchObject({ status: 'succeeded', amount: 1000 });
      expect(await balances(customer)).toMatchObject({ credit_balance: 1500, receivable: 0, balance: -1500 });
      const tooMuch = await api.call('POST', '/v1/refunds', { payment: prepaid.id, amount: 1501 });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error.code).toBe('refund_exceeds_payment');
      await expectLedgerBalanced(api, customer);
    });
  });

  describe('credit notes', () => {
    it('on an open invoice a note lowers what is owed, and notes for the rest mark it paid', async () => {
      const customer = await newCustomer(api, 'Disputes a charge');
      const invoice = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Personal training', unit_amount: 8000 }], days_until_due: 7 });
      const open = await api.ok('POST', `/v1/invoices/${invoice.id}/finalize`);
      expect(open).toMatchObject({ status: 'open', amount_remaining: 8000 });
      const note = await api.ok('POST', '/v1/credit_notes', { invoice: invoice.id, amount: 3000, reason: 'order_change' });
      expect(note).toMatchObject({ amount: 3000, applied_to_invoice: 3000, credit_amount: 0 });
      expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'open', credit_noted: 3000, amount_remaining: 5000 });
      expect(await balances(customer)).toMatchObject({ receivable: 5000, credit_balance: 0 });

      const tooMuch = await api.call('POST', '/v1/credit_notes', { invoice: invoice.id, amount: 5001 });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error.code).toBe('amount_too_large');

      await api.ok('POST', '/v1/credit_notes', { invoice: invoice.id, amount: 5000, reason: 'goodwill' });
      expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'paid', credit_noted: 8000, amount_remaining: 0, amount_paid: 0 });
      expect(await balances(customer)).toMatchObject({ receivable: 0, credit_balance: 0, balance: 0 });
      await expectLedgerBalanced(api, customer);
    });

    it('on a partly paid invoice the part beyond what is owed becomes credit', async () => {
      const customer = await newCustomer(api, 'Paid half');
      const invoice = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Workshop', unit_amount: 5000 }] });
      await api.ok('POST', `/v1/invoices/${invoice.id}/finalize`);
      await api.ok('POST', '/v1/payments', { customer, invoice: invoice.id, amount: 3000, method: 'cash' });
      const note = await api.ok('POST', '/v1/credit_notes', { invoice: invoice.id, amount: 2500 });
      expect(note).toMatchObject({ applied_to_invoice: 2000, credit_amount: 500 });
      expect(await api.ok('GET', `/v1/invoices/${invoice.id}`)).toMatchObject({ status: 'paid', amount_remaining: 0 });
      expect(await balances(customer)).toMatchObject({ receivable: 0, credit_balance: 500 });
    });

    it('on a paid invoice the note becomes customer credit for the next invoice', async () => {
      const customer = await newCustomer(api, 'Missed classes', 'pm_card_visa');
      await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
      const [paid] = await invoicesOf(api, customer);
      expect(paid.status).toBe('paid');
      const note = await api.ok('POST', '/v1/credit_notes', { invoice: paid.id, amount: 1200, reason: 'product_unsatisfactory' });
      expect(note).toMatchObject({ applied_to_invoice: 0, credit_amount: 1200 });
      expect(await api.ok('GET', `/v1/invoices/${paid.id}`)).toMatchObject({ status: 'paid', credit_noted: 1200, amount_paid: 5000 });
      expect(await balances(customer)).toMatchObject({ credit_balance: 1200, balance: -1200 });

      await advanceTo(api, localInstant('2027-07-03', TZ, '09:00:00'));
      const next = (await invoicesOf(api, customer))[1];
      expect(next).toMatchObject({ total: 5000, credit_applied: 1200, amount_paid: 3800, status: 'paid' });
      const [charge] = await gatewayChargesFor(app, next.id);
      expect(Number(charge!.amount)).toBe(3800);
      expect(await balances(customer)).toMatchObject({ credit_balance: 0, balance: 0 });
      await expectLedgerBalanced(api, customer);
    });
  });

  it('credit held in one currency is never spent on an invoice in another', async () => {
    const customer = await newCustomer(api, 'Travels abroad');
    await api.ok('POST', '/v1/payments', { customer, amount: 3000, method: 'cash', currency: 'usd' });
    const product = await api.ok('POST', '/v1/products', { name: 'Workshop in Riga' });
    const euro = await api.ok('POST', '/v1/prices', { product: product.id, currency: 'eur', unit_amount: 4000 });
    const draft = await api.ok('POST', '/v1/invoices', { customer, currency: 'eur', lines: [{ price: euro.id }] });
    const open = await api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
    expect(open).toMatchObject({ currency: 'eur', total: 4000, credit_applied: 0, amount_remaining: 4000 });
    const dollars = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Mat rental', unit_amount: 1000 }] });
    expect(await api.ok('POST', `/v1/invoices/${dollars.id}/finalize`)).toMatchObject({ currency: 'usd', credit_applied: 1000, status: 'paid' });
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
