import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/tx.ts';
import {
  type Api,
  advanceTo,
  customerBalances,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  localParts,
  newCustomer,
  openTenant,
  sequenceOf,
} from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** B9: an invoice or a customer's balance split into instalments, each an ordinary invoice. */
describe('payment plans', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  /** A finalised one-off invoice the customer has not paid. */
  async function openInvoice(api: Api, customer: string, amount: number, collection: 'charge_automatically' | 'send_invoice' = 'send_invoice') {
    const draft = await api.ok('POST', '/v1/invoices', {
      customer,
      collection_method: collection,
      lines: [{ description: 'Kitchen renovation', unit_amount: amount }],
    });
    return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
  }

  /** Receivable per invoice, straight from the ledger (what aging reads). */
  async function receivableOf(invoiceId: string): Promise<number> {
    const [row] = await rows<{ net: string | number | null }>(
      app.ctx.db,
      sql`select sum(debit - credit) as net from ledger_entries where invoice_id = ${invoiceId} and account = 'accounts_receivable'`,
    );
    return Number(row?.net ?? 0);
  }

  const dateOf = (unix: number) => localParts(unix, 'UTC').date;

  it('splits 300.00 into 3 monthly autopay instalments, each charged on its own due date; the receivable moves, revenue does not', async () => {
    const api = await openTenant(app, { name: 'Sunrise Builders', at: '2027-01-10T12:00:00Z' });
    const customer = await newCustomer(api, 'Ada Client');
    // No card yet: the autopay invoice stays open.
    const original = await openInvoice(api, customer, 30_000, 'charge_automatically');
    expect(original).toMatchObject({ status: 'open', amount_remaining: 30_000 });
    const before = await customerBalances(api, customer);
    const revenueBefore = (await expectLedgerBalanced(api, customer)).filter((e) => e.account === 'revenue');

    const plan = await api.ok('POST', '/v1/payment_plans', {
      customer,
      invoices: [original.id],
      count: 3,
      interval: 'month',
      first_due_date: '2027-02-01',
    });
    expect(plan).toMatchObject({
      object: 'payment_plan',
      status: 'active',
      amount: 30_000,
      amount_remaining: 30_000,
      collection_method: 'charge_automatically',
    });
    expect(plan.invoices).toEqual([original.id]);
    expect(plan.instalments.map((i: any) => [i.position, i.amount, dateOf(i.due_date), i.status])).toEqual([
      [1, 10_000, '2027-02-01', 'open'],
      [2, 10_000, '2027-03-01', 'open'],
      [3, 10_000, '2027-04-01', 'open'],
    ]);

    // The original owes nothing any more and says where its receivable went; the customer owes the same.
    const moved = await api.ok('GET', `/v1/invoices/${original.id}`);
    expect(moved).toMatchObject({ status: 'paid', amount_remaining: 0, amount_paid: 0, amount_rescheduled: 30_000, payment_plan: plan.id });
    expect(await customerBalances(api, customer)).toMatchObject({ balance: before.balance, receivable: before.receivable });
    const ledger = await expectLedgerBalanced(api, customer);
    expect(ledger.filter((e) => e.account === 'revenue')).toEqual(revenueBefore);
    expect(await receivableOf(original.id)).toBe(0);

    // Instalments are ordinary invoices with the next gapless numbers and a line naming the original.
    const instalments = await Promise.all(plan.instalments.map((i: any) => api.ok('GET', `/v1/invoices/${i.invoice}`)));
    for (const [n, inv] of instalments.entries()) {
      expect(inv).toMatchObject({
        billing_reason: 'instalment',
        status: 'open',
        total: 10_000,
        payment_plan: plan.id,
        collection_method: 'charge_automatically',
      });
      expect(sequenceOf(inv.number)).toBe(sequenceOf(original.number) + 1 + n);
      expect(inv.lines.data[0].description).toBe(`Instalment ${n + 1} of 3 — ${original.number}`);
      expect(await receivableOf(inv.id)).toBe(10_000);
    }
    await expectAuditClean(app);

    await api.ok('POST', `/v1/customers/${customer}/payment_methods`, { token: 'pm_card_visa' });
    await advanceTo(api, '2027-02-02T00:00:00Z');
    let view = await api.ok('GET', `/v1/payment_plans/${plan.id}`);
    expect(view.instalments.map((i: any) => [i.status, i.amount_remaining])).toEqual([
      ['paid', 0],
      ['open', 10_000],
      ['open', 10_000],
    ]);
    expect(view).toMatchObject({ status: 'active', amount_paid: 10_000, amount_remaining: 20_000 });

    await advanceTo(api, '2027-04-02T00:00:00Z');
    view = await api.ok('GET', `/v1/payment_plans/${plan.id}`);
    expect(view).toMatchObject({ status: 'completed', amount_paid: 30_000, amount_remaining: 0 });
    for (const instalment of view.instalments) {
      const attempts = (await api.ok('GET', `/v1/invoices/${instalment.invoice}/payment_attempts`)).data;
      expect(attempts.map((a: any) => a.status)).toEqual(['succeeded']);
      // Charged on its due date, not before, not later.
      expect(dateOf(attempts[0].created)).toBe(dateOf(instalment.due_date));
      expect(instalment.paid_at).not.toBeNull();
    }
    expect(await customerBalances(api, customer)).toMatchObject({ balance: 0, receivable: 0 });
    await expectLedgerBalanced(api, customer);
    await expectAuditClean(app);
  });

  it('an instalment declined on its due date is retried and paid later; statuses and amounts show it meanwhile', async () => {
    const api = await openTenant(app, { name: 'Late Instalment Studio', at: '2027-01-10T12:00:00Z' });
    const customer = await newCustomer(api, 'Ben Client', 'pm_card_visa');
    const original = await openInvoice(api, customer, 30_000, 'send_invoice');
    const plan = await api.ok('POST', '/v1/payment_plans', {
      customer,
      invoices: [original.id],
      collection_method: 'charge_automatically',
      count: 3,
      interval: 'month',
      first_due_date: '2027-02-01',
    });
    await advanceTo(api, '2027-02-02T00:00:00Z');
    // The client's card changes: its first charge is declined for insufficient funds.
    await api.ok('POST', `/v1/customers/${customer}/payment_methods`, { token: 'pm_card_failFirst1' });

    await advanceTo(api, '2027-03-02T00:00:00Z');
    let view = await api.ok('GET', `/v1/payment_plans/${plan.id}`);
    const [first, second, third] = view.instalments;
    expect([first.status, second.status, third.status]).toEqual(['paid', 'open', 'open']);
    expect(second).toMatchObject({ past_due: true, amount_remaining: 10_000, attempt_count: 1 });
    expect(third).toMatchObject({ past_due: false, attempt_count: 0 });
    expect(second.next_payment_attempt).toBeGreaterThan(Date.parse('2027-03-02T00:00:00Z') / 1000);
    expect(view).toMatchObject({ status: 'active', amount_paid: 10_000, amount_remaining: 20_000 });
    const declined = (await api.ok('GET', `/v1/invoices/${second.invoice}/payment_attempts`)).data;
    expect(declined.map((a: any) => [a.status, a.decline_code])).toEqual([['failed', 'insufficient_funds']]);

    await advanceTo(api, '2027-03-25T00:00:00Z');
    view = await api.ok('GET', `/v1/payment_plans/${plan.id}`);
    expect(view.instalments.map((i: any) => [i.status, i.amount_remaining])).toEqual([
      ['paid', 0],
      ['paid', 0],
      ['open', 10_000],
    ]);
    const retried = (await api.ok('GET', `/v1/invoices/${second.invoice}/payment_attempts`)).data;
    expect(retried.map((a: any) => a.status)).toEqual(['failed', 'succeeded']);
    // Paid late, but paid: after the due date and on a later day than the decline.
    expect(retried[1].created - retried[0].created).toBeGreaterThanOrEqual(86_400);

    await advanceTo(api, '2027-04-02T00:00:00Z');
    view = await api.ok('GET', `/v1/payment_plans/${plan.id}`);
    expect(view).toMatchObject({ status: 'completed', amount_remaining: 0, amount_paid: 30_000 });
    const thirdAttempts = (await api.ok('GET', `/v1/invoices/${third.invoice}/payment_attempts`)).data;
    expect(dateOf(thirdAttempts[0].created)).toBe('2027-04-01');
    await expectLedgerBalanced(api, customer);
    await expectAuditClean(app);
  });

  it("moves a customer's whole open balance (two invoices) into a plan; cancelling moves what is unpaid onto one invoice due now", async () => {
    const api = await openTenant(app, { name: 'Balance Plan Co', at: '2027-05-04T09:00:00Z' });
    const customer = (await api.ok('POST', '/v1/customers', { name: 'Nguyễn Thị Cúc', preferred_locales: ['vi'] })).id;
    const a = await openInvoice(api, customer, 12_000);
    const b = await openInvoice(api, customer, 8_000);
    const paid = await openInvoice(api, customer, 1_000);
    await api.ok('POST', `/v1/invoices/${paid.id}/pay`, { paid_out_of_band: true });
    const draft = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Not yet sent', unit_amount: 500 }] });
    const before = await customerBalances(api, customer);
    expect(before.receivable).toBe(20_000);

    const plan = await api.ok('POST', '/v1/payment_plans', {
      customer,
      balance: true,
      instalments: [
        { amount: 15_000, due_date: '2027-05-20' },
        { amount: 5_000, due_date: '2027-06-20' },
      ],
    });
    expect([...plan.invoices].sort()).toEqual([a.id, b.id].sort());
    expect(plan).toMatchObject({ amount: 20_000, collection_method: 'send_invoice', status: 'active' });
    for (const id of [a.id, b.id])
      expect(await api.ok('GET', `/v1/invoices/${id}`)).toMatchObject({ status: 'paid', amount_remaining: 0, payment_plan: plan.id });
    expect((await api.ok('GET', `/v1/invoices/${draft.id}`)).status).toBe('draft');
    expect(await customerBalances(api, customer)).toMatchObject({ balance: before.balance, receivable: 20_000 });
    expect(plan.instalments[0].next_payment_attempt).toBeNull();
    // The client reads the instalment line in their own language.
    const firstInstalment = await api.ok('GET', `/v1/invoices/${plan.instalments[0].invoice}`);
    expect(firstInstalment.lines.data[0].description).toMatch(/^Kỳ thanh toán 1\/2 — [A-Z]+-\d{4}-\d+, [A-Z]+-\d{4}-\d+$/);
    const listed = await api.ok('GET', `/v1/payment_plans?customer=${customer}`);
    expect(listed.data.map((p: any) => p.id)).toEqual([plan.id]);

    // An invoice already in a plan cannot go into another one.
    const again = await api.call('POST', '/v1/payment_plans', { customer, invoices: [a.id], count: 2, interval: 'week', first_due_date: '2027-05-10' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('plan_invoice_not_eligible');

    await api.ok('POST', `/v1/invoices/${plan.instalments[0].invoice}/pay`, { paid_out_of_band: true });
    const canceled = await api.ok('POST', `/v1/payment_plans/${plan.id}/cancel`);
    expect(canceled).toMatchObject({ status: 'canceled', amount_paid: 15_000, amount_remaining: 0 });
    expect(canceled.instalments[1]).toMatchObject({ status: 'paid', amount_paid: 0, amount_rescheduled: 5_000 });
    const remainder = await api.ok('GET', `/v1/invoices/${canceled.remainder_invoice}`);
    expect(remainder).toMatchObject({ status: 'open', amount_remaining: 5_000, collection_method: 'send_invoice', payment_plan: plan.id });
    expect(remainder.lines.data[0].description).toBe(`Số dư còn lại của kế hoạch trả góp đã hủy — ${canceled.instalments[1].number}`);
    expect(remainder.due_date).toBeLessThanOrEqual(Date.parse('2027-05-04T09:00:00Z') / 1000);
    expect(await receivableOf(remainder.id)).toBe(5_000);
    expect(await customerBalances(api, customer)).toMatchObject({ receivable: 5_000 });

    const twice = await api.call('POST', `/v1/payment_plans/${plan.id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid_state_transition');
    await expectLedgerBalanced(api, customer);
    await expectAuditClean(app);
  });

  it('refuses a schedule that does not add up, with nothing written', async () => {
    const api = await openTenant(app, { name: 'Exact Sums Ltd', at: '2027-05-04T09:00:00Z' });
    const customer = await newCustomer(api, 'Dan Client');
    const original = await openInvoice(api, customer, 30_000);
    const ledgerBefore = await expectLedgerBalanced(api, customer);
    const invoicesBefore = await invoicesOf(api, customer);

    const short = await api.call('POST', '/v1/payment_plans', {
      customer,
      invoices: [original.id],
      instalments: [
        { amount: 10_000, due_date: '2027-06-01' },
        { amount: 10_000, due_date: '2027-07-01' },
        { amount: 9_999, due_date: '2027-08-01' },
      ],
    });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'plan_amounts_mismatch', param: 'instalments' });
    expect(short.body.error.message).toContain('29999');

    const past = await api.call('POST', '/v1/payment_plans', { customer, invoices: [original.id], instalments: [{ amount: 30_000, due_date: '2027-05-03' }] });
    expect(past.status).toBe(400);
    const both = await api.call('POST', '/v1/payment_plans', {
      customer,
      invoices: [original.id],
      balance: true,
      count: 2,
      interval: 'month',
      first_due_date: '2027-06-01',
    });
    expect(both.status).toBe(400);
    const noDate = await api.call('POST', '/v1/payment_plans', {
      customer,
      invoices: [original.id],
      count: 2,
      interval: 'month',
      first_due_date: '2027-02-30',
    });
    expect(noDate.status).toBe(400);

    expect(await invoicesOf(api, customer)).toEqual(invoicesBefore);
    expect(await expectLedgerBalanced(api, customer)).toEqual(ledgerBefore);
    expect((await api.ok('GET', `/v1/payment_plans?customer=${customer}`)).data).toEqual([]);
    // The reserved numbers were rolled back with the rest: the next invoice takes the next number.
    const next = await openInvoice(api, customer, 100);
    expect(sequenceOf(next.number)).toBe(sequenceOf(original.number) + 1);
    await expectAuditClean(app);
  });

  it("another business cannot see, cancel or build a plan on this business's data", async () => {
    const owner = await openTenant(app, { name: 'Owner Biz', at: '2027-05-04T09:00:00Z' });
    const other = await openTenant(app, { name: 'Other Biz', at: '2027-05-04T09:00:00Z' });
    const customer = await newCustomer(owner, 'Eve Client');
    const original = await openInvoice(owner, customer, 6_000);
    const plan = await owner.ok('POST', '/v1/payment_plans', { customer, invoices: [original.id], count: 2, interval: 'week', first_due_date: '2027-05-11' });

    expect((await other.call('GET', `/v1/payment_plans/${plan.id}`)).status).toBe(404);
    expect((await other.call('POST', `/v1/payment_plans/${plan.id}/cancel`)).status).toBe(404);
    expect((await other.ok('GET', `/v1/payment_plans?customer=${customer}`)).data).toEqual([]);
    expect((await other.ok('GET', '/v1/payment_plans')).data).toEqual([]);
    const theirCustomer = await newCustomer(other, 'Mallory');
    const steal = await other.call('POST', '/v1/payment_plans', {
      customer: theirCustomer,
      invoices: [plan.instalments[0].invoice],
      count: 1,
      interval: 'week',
      first_due_date: '2027-05-11',
    });
    expect(steal.status).toBe(404);
    expect((await other.call('POST', '/v1/payment_plans', { customer, balance: true, count: 1, interval: 'week', first_due_date: '2027-05-11' })).status).toBe(
      404,
    );
    expect((await app.api(null, 'GET', `/v1/payment_plans/${plan.id}`)).status).toBe(401);
    expect((await owner.ok('GET', `/v1/payment_plans/${plan.id}`)).status).toBe('active');
  });
});
