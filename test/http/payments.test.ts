import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

describe('payments, refunds and credit notes API', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  let f: ReturnType<typeof fixtures>;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
    f = fixtures(app, apiKey);
  });
  afterAll(() => app.stop());

  const pay = async (body: Record<string, unknown>) => expectOk(await app.api(apiKey, 'POST', '/v1/payments', body));
  const customerState = async (id: string) => expectOk(await app.api(apiKey, 'GET', `/v1/customers/${id}`));

  describe('manual payments', () => {
    it('a partial cash payment lowers what is owed; the rest by bank transfer settles it', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 10_000);
      const p1 = await pay({ customer: c.id, invoice: inv.id, amount: 4_000, method: 'cash', reference: 'receipt 17' });
      expect(p1).toMatchObject({
        object: 'payment',
        customer: c.id,
        invoice: inv.id,
        method: 'cash',
        amount: 4_000,
        amount_applied: 4_000,
        amount_to_credit: 0,
        currency: 'usd',
        reference: 'receipt 17',
      });
      expect(p1.id).toMatch(/^py_/);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'open', amount_paid: 4_000, amount_remaining: 6_000 });
      await pay({ customer: c.id, invoice: inv.id, amount: 6_000, method: 'bank_transfer' });
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'paid', amount_paid: 10_000, amount_remaining: 0 });
      expect(await customerState(c.id)).toMatchObject({ balance: 0, receivable: 0, credit_balance: 0 });
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${p1.id}`))).toEqual(p1);
      expect((await listIds(app, apiKey, `/v1/payments?invoice=${inv.id}`)).length).toBe(2);
    });

    it('an overpayment becomes customer credit that the next invoice uses', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 3_000);
      const p = await pay({ customer: c.id, invoice: inv.id, amount: 5_000, method: 'cash' });
      expect(p).toMatchObject({ amount_applied: 3_000, amount_to_credit: 2_000 });
      expect(await customerState(c.id)).toMatchObject({ credit_balance: 2_000, receivable: 0 });
      const next = await f.openInvoice(c.id, 2_500);
      expect(next).toMatchObject({ credit_applied: 2_000, amount_due: 500, amount_remaining: 500 });
      expect(await customerState(c.id)).toMatchObject({ credit_balance: 0, receivable: 500 });
    });

    it('money without an invoice is credit', async () => {
      const c = await f.customer();
      const p = await pay({ customer: c.id, amount: 1_000, method: 'other' });
      expect(p).toMatchObject({ invoice: null, amount_applied: 0, amount_to_credit: 1_000 });
      expect(await customerState(c.id)).toMatchObject({ credit_balance: 1_000 });
    });

    describe('bad input', () => {
      let customerId: string;
      let invoiceId: string;
      beforeAll(async () => {
        customerId = (await f.customer()).id;
        invoiceId = (await f.openInvoice(customerId, 5_000)).id;
      });
      async function refused(body: Record<string, unknown>, status: number, code: string, param?: string) {
        const before = await listIds(app, apiKey, '/v1/payments');
        expectError(await app.api(apiKey, 'POST', '/v1/payments', body), status, code, param);
        expect(await listIds(app, apiKey, '/v1/payments')).toEqual(before);
        expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${invoiceId}`))).toMatchObject({ amount_paid: 0, amount_remaining: 5_000 });
      }
      it('refuses zero, negative, fractional and string amounts', async () => {
        for (const amount of [0, -100, 10.5, '100', null]) {
          await refused({ customer: customerId, invoice: invoiceId, amount, method: 'cash' }, 400, 'parameter_invalid', 'amount');
        }
        await refused({ customer: customerId, invoice: invoiceId, method: 'cash' }, 400, 'parameter_missing', 'amount');
      });
      it('refuses unknown fields and methods', async () => {
        await refused({ customer: customerId, invoice: invoiceId, amount: 100, method: 'cash', fee: 5 }, 400, 'parameter_unknown', 'fee');
        await refused({ customer: customerId, invoice: invoiceId, amount: 100, method: 'card' }, 400, 'parameter_invalid', 'method');
        await refused({ customer: customerId, invoice: invoiceId, amount: 100, method: 'bitcoin' }, 400, 'parameter_invalid', 'method');
      });
      it('refuses an unknown currency and one that differs from the invoice', async () => {
        await refused({ customer: customerId, invoice: invoiceId, amount: 100, method: 'cash', currency: 'eur' }, 400, 'currency_mismatch', 'currency');
        await refused({ customer: customerId, invoice: invoiceId, amount: 100, method: 'cash', currency: 'xyz' }, 400, 'currency_unknown', 'currency');
        await refused({ customer: customerId, amount: 100, method: 'cash', currency: 'xyz' }, 400, 'currency_unknown', 'currency');
      });
      it('refuses an invoice of another customer, and unknown ids', async () => {
        const someoneElse = await f.customer();
        await refused({ customer: someoneElse.id, invoice: invoiceId, amount: 100, method: 'cash' }, 400, 'parameter_invalid', 'invoice');
        await refused({ customer: 'cus_nope', amount: 100, method: 'cash' }, 404, 'resource_missing', 'customer');
        await refused({ customer: customerId, invoice: 'in_nope', amount: 100, method: 'cash' }, 404, 'resource_missing', 'invoice');
      });
      it('refuses paying a draft or a void invoice (409)', async () => {
        const d = expectOk(await app.api(apiKey, 'POST', '/v1/invoices', { customer: customerId, lines: [{ description: 'x', unit_amount: 100 }] }));
        await refused({ customer: customerId, invoice: d.id, amount: 100, method: 'cash' }, 409, 'invoice_not_open', 'invoice');
        const v = await f.openInvoice(customerId, 100);
        expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${v.id}/void`));
        await refused({ customer: customerId, invoice: v.id, amount: 100, method: 'cash' }, 409, 'invoice_not_open', 'invoice');
      });
    });

    it("refuses a payment for another business's customer or invoice (404) and writes nothing", async () => {
      const theirs = fixtures(app, otherKey);
      const theirCustomer = await theirs.customer();
      const theirInvoice = await theirs.openInvoice(theirCustomer.id, 1_000);
      const mine = await f.customer();
      const before = await listIds(app, apiKey, '/v1/payments');
      const theirsBefore = await listIds(app, otherKey, '/v1/payments');
      expectError(
        await app.api(apiKey, 'POST', '/v1/payments', { customer: theirCustomer.id, amount: 100, method: 'cash' }),
        404,
        'resource_missing',
        'customer',
      );
      expectError(
        await app.api(apiKey, 'POST', '/v1/payments', { customer: mine.id, invoice: theirInvoice.id, amount: 100, method: 'cash' }),
        404,
        'resource_missing',
        'invoice',
      );
      expect(await listIds(app, apiKey, '/v1/payments')).toEqual(before);
      expect(await listIds(app, otherKey, '/v1/payments')).toEqual(theirsBefore);
      expect(expectOk(await app.api(otherKey, 'GET', `/v1/invoices/${theirInvoice.id}`))).toMatchObject({ amount_paid: 0, status: 'open' });
    });

    it("cannot read another business's payment", async () => {
      const c = await f.customer();
      const p = await pay({ customer: c.id, amount: 100, method: 'cash' });
      expectError(await app.api(otherKey, 'GET', `/v1/payments/${p.id}`), 404, 'resource_missing');
      expect(await listIds(app, otherKey, `/v1/payments?customer=${c.id}`)).toEqual([]);
    });

    it('replaying a payment with the same Idempotency-Key records it once', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 10_000);
      const body = { customer: c.id, invoice: inv.id, amount: 2_500, method: 'cash' };
      const headers = { 'idempotency-key': `pay-${inv.id}` };
      const first = await app.api(apiKey, 'POST', '/v1/payments', body, headers);
      const second = await app.api(apiKey, 'POST', '/v1/payments', body, headers);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(expectOk(first));
      expect(await listIds(app, apiKey, `/v1/payments?invoice=${inv.id}`)).toEqual([first.body.id]);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`)).amount_paid).toBe(2_500);
      const changed = await app.api(apiKey, 'POST', '/v1/payments', { ...body, amount: 7_500 }, headers);
      expectError(changed, 422, 'idempotency_key_reused');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`)).amount_paid).toBe(2_500);
    });

    it('pages payments without overlap', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Paging Payments' });
      const c = await fixtures(app, key).customer();
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push(expectOk(await app.api(key, 'POST', '/v1/payments', { customer: c.id, amount: 100 + i, method: 'cash' })).id);
      const a = expectOk(await app.api(key, 'GET', '/v1/payments?limit=2'));
      const b = expectOk(await app.api(key, 'GET', `/v1/payments?limit=2&starting_after=${a.data[1].id}`));
      const d = expectOk(await app.api(key, 'GET', `/v1/payments?limit=2&starting_after=${b.data[1].id}`));
      expect([a.has_more, b.has_more, d.has_more]).toEqual([true, true, false]);
      expect([...a.data, ...b.data, ...d.data].map((p: { id: string }) => p.id)).toEqual([...made].reverse());
    });
  });

  describe('refunds', () => {
    it('refunds part of a cash payment, then the rest, and refuses more (400) without writing', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 5_000);
      const p = await pay({ customer: c.id, invoice: inv.id, amount: 5_000, method: 'cash' });
      const r1 = expectOk(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id, amount: 2_000, reason: 'requested_by_customer' }));
      expect(r1).toMatchObject({ object: 'refund', payment: p.id, amount: 2_000, currency: 'usd', status: 'succeeded' });
      expect(r1.id).toMatch(/^re_/);
      expectError(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id, amount: 3_001 }), 400, 'refund_exceeds_payment', 'amount');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${p.id}`)).amount_refunded).toBe(2_000);
      const rest = expectOk(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id }));
      expect(rest.amount).toBe(3_000);
      expectError(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id }), 400, 'refund_exceeds_payment');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${p.id}`)).amount_refunded).toBe(5_000);
    });

    it('refunds a card payment through the gateway', async () => {
      const c = await f.customer();
      await f.card(c.id);
      const inv = await f.openInvoice(c.id, 2_000);
      expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}));
      const [p] = expectOk(await app.api(apiKey, 'GET', `/v1/payments?invoice=${inv.id}`)).data;
      expect(p).toMatchObject({ method: 'card', amount: 2_000 });
      const r = expectOk(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id, amount: 500 }));
      expect(r).toMatchObject({ amount: 500, status: 'succeeded' });
      expectError(await app.api(apiKey, 'POST', '/v1/refunds', { payment: p.id, amount: 1_501 }), 400, 'refund_exceeds_payment', 'amount');
    });

    it('refuses bad refund bodies', async () => {
      const c = await f.customer();
      const p = await pay({ customer: c.id, amount: 1_000, method: 'cash' });
      for (const [body, code, param] of [
        [{ payment: p.id, amount: 0 }, 'parameter_invalid', 'amount'],
        [{ payment: p.id, amount: -5 }, 'parameter_invalid', 'amount'],
        [{ payment: p.id, amount: 1.5 }, 'parameter_invalid', 'amount'],
        [{ payment: p.id, reason: 'changed_mind' }, 'parameter_invalid', 'reason'],
        [{ payment: p.id, charge: 'ch_1' }, 'parameter_unknown', 'charge'],
        [{ amount: 100 }, 'parameter_missing', 'payment'],
      ] as const) {
        expectError(await app.api(apiKey, 'POST', '/v1/refunds', body), 400, code, param);
      }
      expectError(await app.api(apiKey, 'POST', '/v1/refunds', { payment: 'py_nope' }), 404, 'resource_missing', 'payment');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${p.id}`)).amount_refunded).toBe(0);
    });

    it("cannot refund another business's payment", async () => {
      const c = await f.customer();
      const p = await pay({ customer: c.id, amount: 1_000, method: 'cash' });
      expectError(await app.api(otherKey, 'POST', '/v1/refunds', { payment: p.id }), 404, 'resource_missing', 'payment');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/payments/${p.id}`)).amount_refunded).toBe(0);
    });
  });

  describe('credit notes', () => {
    it('a credit note on an open invoice lowers what is owed; on a paid one it becomes credit', async () => {
      const c = await f.customer();
      const open = await f.openInvoice(c.id, 8_000);
      const cn = expectOk(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: open.id, amount: 3_000, reason: 'goodwill' }));
      expect(cn).toMatchObject({ object: 'credit_note', invoice: open.id, customer: c.id, amount: 3_000, applied_to_invoice: 3_000, credit_amount: 0 });
      expect(cn.id).toMatch(/^cn_/);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${open.id}`))).toMatchObject({ status: 'open', credit_noted: 3_000, amount_remaining: 5_000 });
      await pay({ customer: c.id, invoice: open.id, amount: 5_000, method: 'cash' });
      const onPaid = expectOk(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: open.id, amount: 1_000 }));
      expect(onPaid).toMatchObject({ applied_to_invoice: 0, credit_amount: 1_000 });
      expect(await customerState(c.id)).toMatchObject({ credit_balance: 1_000 });
      const list = expectOk(await app.api(apiKey, 'GET', `/v1/credit_notes?invoice=${open.id}`));
      expect(list.data.map((n: { id: string }) => n.id).sort()).toEqual([cn.id, onPaid.id].sort());
    });

    it('a credit note for the whole remaining amount settles the invoice', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 2_000);
      expectOk(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 2_000 }));
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'paid', amount_remaining: 0 });
    });

    it('refuses more than the invoice is worth, drafts, and bad amounts, without writing', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 2_000);
      const d = expectOk(await app.api(apiKey, 'POST', '/v1/invoices', { customer: c.id, lines: [{ description: 'x', unit_amount: 100 }] }));
      const before = await listIds(app, apiKey, '/v1/credit_notes');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 2_001 }), 400, 'amount_too_large', 'amount');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: d.id, amount: 50 }), 409, 'invalid_state_transition', 'invoice');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 0 }), 400, 'parameter_invalid', 'amount');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 10.5 }), 400, 'parameter_invalid', 'amount');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 10, lines: [] }), 400, 'parameter_unknown', 'lines');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: 'in_nope', amount: 10 }), 404, 'resource_missing', 'invoice');
      expect(await listIds(app, apiKey, '/v1/credit_notes')).toEqual(before);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ credit_noted: 0, amount_remaining: 2_000 });
    });

    it("cannot credit another business's invoice", async () => {
      const theirs = fixtures(app, otherKey);
      const tc = await theirs.customer();
      const inv = await theirs.openInvoice(tc.id, 2_000);
      const before = await listIds(app, otherKey, '/v1/credit_notes');
      expectError(await app.api(apiKey, 'POST', '/v1/credit_notes', { invoice: inv.id, amount: 100 }), 404, 'resource_missing', 'invoice');
      expect(await listIds(app, otherKey, '/v1/credit_notes')).toEqual(before);
      expect(expectOk(await app.api(otherKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ credit_noted: 0, amount_remaining: 2_000 });
      expect(await listIds(app, apiKey, `/v1/credit_notes?invoice=${inv.id}`)).toEqual([]);
    });
  });

  it('never answers 500 to junk payment, refund and credit-note bodies', async () => {
    const c = await f.customer();
    const p = await pay({ customer: c.id, amount: 1_000, method: 'cash' });
    const junk: [string, unknown][] = [
      ['/v1/payments', { customer: c.id, amount: 1e20, method: 'cash' }],
      ['/v1/payments', { customer: [c.id], amount: 1, method: 'cash' }],
      ['/v1/payments', { customer: c.id, amount: 1, method: 'cash', invoice: 42 }],
      ['/v1/payments', { customer: c.id, amount: 1, method: 'cash', currency: '' }],
      ['/v1/refunds', { payment: p.id, amount: Number.MAX_SAFE_INTEGER }],
      ['/v1/refunds', { payment: { id: p.id } }],
      ['/v1/credit_notes', { invoice: null, amount: 1 }],
      ['/v1/credit_notes', { invoice: 'in_x', amount: 'all' }],
    ];
    for (const [url, body] of junk) expectClientError(await app.api(apiKey, 'POST', url, body));
  });
});
