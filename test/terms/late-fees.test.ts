import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessLateFee } from '../../src/modules/invoicing/index.ts';
import { inTenantTx, rows } from '../../src/platform/db/tx.ts';
import {
  type Api,
  advanceTo,
  customerBalances,
  expectAuditClean,
  expectLedgerBalanced,
  localInstant,
  localParts,
  newCustomer,
  openTenant,
} from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TZ = 'Asia/Bangkok';
const at = (date: string, time = '10:00:00') => localInstant(date, TZ, time);

describe('late fees after a grace period', () => {
  let app: TestApp;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Sunrise Fitness', timezone: TZ, at: at('2027-05-01') });
  });
  afterAll(() => app.stop());

  /** The reminder ladder's call, as H1's collections module makes it: inside its own transaction. */
  const ladderStep = async (invoiceId: string, stepKey: string) => {
    const tenant = await app.reload(api.tenantId);
    return inTenantTx(app.ctx.db, tenant.id, (tx) => assessLateFee(tx, tenant, { invoiceId, stepKey }));
  };
  const issue = async (customer: string, amount = 10_000, extra: Record<string, unknown> = {}) => {
    const draft = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Class pack', unit_amount: amount }], ...extra });
    return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
  };
  const counts = async () =>
    (
      await rows<{ invoices: number; ledger: number }>(
        app.ctx.db,
        sql`select (select count(*)::int from invoices where tenant_id = ${api.tenantId}) as invoices,
                   (select count(*)::int from ledger_entries where tenant_id = ${api.tenantId}) as ledger`,
      )
    )[0]!;

  it('does nothing while late fees are switched off', async () => {
    const customer = await newCustomer(api, 'No fees yet');
    const invoice = await issue(customer, 10_000, { days_until_due: 0 });
    await advanceTo(api, at('2027-05-20'));
    expect(await ladderStep(invoice.id, 'plus_10')).toBeNull();
    const byHand = await api.call('POST', `/v1/invoices/${invoice.id}/late_fees`, {});
    expect(byHand.status).toBe(409);
    expect(byHand.body.error.code).toBe('late_fee_not_applicable');
  });

  let original: any;
  let customer: string;

  it('a fixed fee with 5 grace days: not on day 3 after the due date', async () => {
    await api.ok('POST', '/v1/settings/payment_terms', { net_days: 14, late_fee: { type: 'fixed', amount: 1500, grace_days: 5 } });
    customer = await newCustomer(api, 'Pays late');
    original = await issue(customer);
    expect(localParts(original.due_date, TZ).date).toBe('2027-06-03');
    await advanceTo(api, at('2027-06-06', '23:00:00'));
    const before = await counts();
    expect(await ladderStep(original.id, 'plus_3')).toBeNull();
    const byHand = await api.call('POST', `/v1/invoices/${original.id}/late_fees`, { step: 'plus_3' });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error).toMatchObject({ code: 'late_fee_not_applicable', message: expect.stringContaining('grace') });
    // The last grace day (due + 5) is still inside.
    await advanceTo(api, at('2027-06-08', '23:30:00'));
    expect(await ladderStep(original.id, 'plus_5')).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('on day 6 the fee is assessed once: its own invoice, due at once, in the ledger as late-fee income', async () => {
    await advanceTo(api, at('2027-06-09', '08:00:00'));
    const result = await ladderStep(original.id, 'plus_6');
    expect(result).toEqual({ feeInvoiceId: expect.stringMatching(/^in_/) });
    const fee = await api.ok('GET', `/v1/invoices/${result!.feeInvoiceId}`);
    expect(fee).toMatchObject({
      billing_reason: 'late_fee',
      status: 'open',
      currency: 'usd',
      total: 1500,
      amount_remaining: 1500,
      collection_method: 'send_invoice',
      early_payment_discount: null,
      late_fee_for: { invoice: original.id, step: 'plus_6' },
    });
    expect(fee.due_date).toBe(fee.status_transitions.finalized_at);
    expect(fee.lines.data).toHaveLength(1);
    expect(fee.lines.data[0].description).toBe(`Late fee for invoice ${original.number}`);
    const withFees = await api.ok('GET', `/v1/invoices/${original.id}`);
    expect(withFees.late_fee_for).toBeNull();
    expect(withFees.late_fees).toEqual([{ invoice: fee.id, amount: 1500, status: 'open', step: 'plus_6', created: expect.any(Number) }]);
    expect(await customerBalances(api, customer)).toMatchObject({ receivable: 11_500 });
    const ledger = await expectLedgerBalanced(api, customer);
    expect(ledger.filter((e) => e.source === fee.id && e.account === 'late_fee_income')).toEqual([expect.objectContaining({ credit: 1500, debit: 0 })]);

    // The same step again, by the ladder or by hand: nothing is written.
    const before = await counts();
    expect(await ladderStep(original.id, 'plus_6')).toBeNull();
    const again = await api.call('POST', `/v1/invoices/${original.id}/late_fees`, { step: 'plus_6' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('late_fee_already_assessed');
    expect(await counts()).toEqual(before);
    // Two calls racing for a new step: exactly one fee.
    const raced = await Promise.all([ladderStep(original.id, 'plus_10'), ladderStep(original.id, 'plus_10')]);
    expect(raced.filter((r) => r !== null)).toHaveLength(1);
    expect((await api.ok('GET', `/v1/invoices/${original.id}`)).late_fees.map((f: any) => f.step)).toEqual(['plus_6', 'plus_10']);
  });

  it('a percent fee is on what is still owed, rounded half up; the owner can assess one by hand', async () => {
    await api.ok('POST', '/v1/settings/payment_terms', { late_fee: { type: 'percent', percent: 1.5, grace_days: 5 } });
    const partial = await issue(customer, 10_030, { days_until_due: 0 });
    await api.ok('POST', '/v1/payments', { customer, invoice: partial.id, amount: 2000, method: 'cash' });
    expect(await ladderStep(partial.id, 'plus_3')).toBeNull();
    await advanceTo(api, at('2027-06-15'));
    const fee = await api.ok('POST', `/v1/invoices/${partial.id}/late_fees`, {});
    // 1.5 % of 80.30 is 1.2045 -> 1.20.
    expect(fee).toMatchObject({ billing_reason: 'late_fee', total: 120, status: 'open' });
    expect((await api.ok('GET', `/v1/invoices/${partial.id}`)).late_fees).toMatchObject([{ invoice: fee.id, amount: 120, step: 'manual' }]);
    // Half up: 1.5 % of 43.00 is 0.645 -> 0.65.
    const half = await issue(customer, 4300, { days_until_due: 0 });
    await advanceTo(api, at('2027-06-21'));
    expect(await api.ok('POST', `/v1/invoices/${half.id}/late_fees`, { step: 'final' })).toMatchObject({ total: 65 });
  });

  it('the fee line speaks the client’s language; an autopay original gets an autopay fee', async () => {
    const lv = await api.ok('POST', '/v1/customers', { name: 'Anna Bērziņa', preferred_locales: ['lv'] });
    const invoice = await issue(lv.id, 5000, { days_until_due: 0, collection_method: 'charge_automatically' });
    expect(invoice.status).toBe('open'); // no card on file
    await advanceTo(api, at('2027-06-28'));
    const fee = await api.ok('POST', `/v1/invoices/${invoice.id}/late_fees`, { step: 'plus_7' });
    expect(fee.lines.data[0].description).toBe(`Kavējuma maksa par rēķinu ${invoice.number}`);
    expect(fee).toMatchObject({ collection_method: 'charge_automatically', total: 75, currency: 'usd' });
  });

  it('no fee on a paid or void invoice, and none on a late fee itself', async () => {
    const paid = await issue(customer, 1000, { days_until_due: 0 });
    await api.ok('POST', '/v1/payments', { customer, invoice: paid.id, amount: 1000, method: 'cash' });
    const voided = await issue(customer, 1000, { days_until_due: 0 });
    await api.ok('POST', `/v1/invoices/${voided.id}/void`);
    await advanceTo(api, at('2027-07-10'));
    const fees = (await api.ok('GET', `/v1/invoices/${original.id}`)).late_fees;
    for (const id of [paid.id, voided.id, fees[0].invoice]) {
      expect(await ladderStep(id, 'plus_10')).toBeNull();
      const byHand = await api.call('POST', `/v1/invoices/${id}/late_fees`, {});
      expect(byHand.status).toBe(409);
      expect(byHand.body.error.code).toBe('late_fee_not_applicable');
    }
  });

  it('another business cannot see or charge fees on these invoices', async () => {
    const other = await openTenant(app, { name: 'Moon Yoga', timezone: TZ });
    const foreign = await other.call('POST', `/v1/invoices/${original.id}/late_fees`, { step: 'x' });
    expect(foreign.status).toBe(404);
    expect((await other.call('GET', `/v1/invoices/${original.id}`)).status).toBe(404);
    const tenant = await app.reload(other.tenantId);
    await expect(inTenantTx(app.ctx.db, tenant.id, (tx) => assessLateFee(tx, tenant, { invoiceId: original.id, stepKey: 'x' }))).rejects.toThrow(
      /No such invoice/,
    );
    expect(await other.ok('GET', '/v1/settings/payment_terms')).toMatchObject({ late_fee: null, early_payment_discount: null });
    expect((await api.ok('GET', '/v1/settings/payment_terms')).late_fee).toMatchObject({ type: 'percent', percent: 1.5 });
  });

  it('every invariant of `duly audit` holds', async () => {
    await expectAuditClean(app);
  });
});
