import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

describe('invoices API', () => {
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

  const draft = async (customer: string, lines: unknown[], extra: Record<string, unknown> = {}) =>
    expectOk(await app.api(apiKey, 'POST', '/v1/invoices', { customer, lines, ...extra }));

  describe('one-off invoices', () => {
    it('creates a draft with itemised lines, tax and totals, then finalises it with a number', async () => {
      const c = await f.customer();
      const price = await f.oneOffPrice(1500);
      const exclusive = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'Sales tax', percentage: 10, inclusive: false }));
      const inv = await draft(c.id, [
        { price: price.id, quantity: 2 },
        { description: 'Towel rental', unit_amount: 500, quantity: 3, tax_rate: exclusive.id },
      ]);
      expect(inv).toMatchObject({
        object: 'invoice',
        customer: c.id,
        status: 'draft',
        number: null,
        currency: 'usd',
        subtotal: 4500,
        tax: 150,
        total: 4650,
        amount_due: 4650,
        amount_paid: 0,
        attempt_count: 0,
      });
      expect(inv.id).toMatch(/^in_/);
      expect(inv.lines.data).toHaveLength(2);
      expect(inv.lines.data[0]).toMatchObject({ price: price.id, quantity: 2, unit_amount: 1500, amount: 3000 });
      expect(inv.lines.data[1]).toMatchObject({
        description: 'Towel rental',
        quantity: 3,
        unit_amount: 500,
        amount: 1500,
        tax_amount: 150,
        tax_rate: exclusive.id,
      });
      const open = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/finalize`));
      expect(open).toMatchObject({ id: inv.id, status: 'open', total: 4650, amount_remaining: 4650 });
      expect(open.number).toMatch(/^SUN-\d{4}-\d{6}$/);
      expect(open.status_transitions.finalized_at).toEqual(expect.any(Number));
      expect(open.due_date).toEqual(expect.any(Number));
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toEqual(open);
    });

    it('numbers finalised invoices gaplessly in finalisation order; drafts have no number', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Numbering Gym' });
      const g = fixtures(app, key);
      const c = await g.customer();
      const mk = async () => expectOk(await app.api(key, 'POST', '/v1/invoices', { customer: c.id, lines: [{ description: 'x', unit_amount: 100 }] }));
      const a = await mk();
      const b = await mk();
      const d = await mk();
      expectOk(await app.api(key, 'POST', `/v1/invoices/${d.id}/finalize`));
      expectOk(await app.api(key, 'POST', `/v1/invoices/${a.id}/finalize`));
      const numbers = [d, a].map(async (i) => expectOk(await app.api(key, 'GET', `/v1/invoices/${i.id}`)).number);
      const [nd, na] = await Promise.all(numbers);
      expect(nd).toMatch(/-000001$/);
      expect(na).toMatch(/-000002$/);
      expect(expectOk(await app.api(key, 'GET', `/v1/invoices/${b.id}`))).toMatchObject({ status: 'draft', number: null });
      expectError(await app.api(key, 'POST', `/v1/invoices/${b.id}/void`), 409, 'invalid_state_transition');
    });

    it('inclusive tax is carved out of the amount, not added', async () => {
      const c = await f.customer();
      const vat = expectOk(await app.api(apiKey, 'POST', '/v1/tax_rates', { display_name: 'PVN', percentage: 21, inclusive: true }));
      const inv = await draft(c.id, [{ description: 'Massage', unit_amount: 12_100, tax_rate: vat.id }]);
      expect(inv).toMatchObject({ total: 12_100, tax: 2_100 });
    });

    it('filters the list by customer and status, and pages it', async () => {
      const c = await f.customer();
      const made: string[] = [];
      for (let i = 0; i < 4; i++) made.push((await draft(c.id, [{ description: `Item ${i}`, unit_amount: 100 }])).id);
      expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${made[0]}/finalize`));
      const all = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?customer=${c.id}`));
      expect(all.data.map((i: { id: string }) => i.id)).toEqual([...made].reverse());
      const open = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?customer=${c.id}&status=open`));
      expect(open.data.map((i: { id: string }) => i.id)).toEqual([made[0]]);
      const p1 = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?customer=${c.id}&limit=2`));
      const p2 = expectOk(await app.api(apiKey, 'GET', `/v1/invoices?customer=${c.id}&limit=2&starting_after=${p1.data[1].id}`));
      expect(p1.has_more).toBe(true);
      expect(p2.has_more).toBe(false);
      expect([...p1.data, ...p2.data].map((i: { id: string }) => i.id)).toEqual([...made].reverse());
    });

    it('marks an open invoice uncollectible, and it can still be paid', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 3000);
      const bad = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/mark_uncollectible`));
      expect(bad.status).toBe('uncollectible');
      expectOk(await app.api(apiKey, 'POST', '/v1/payments', { customer: c.id, invoice: inv.id, amount: 3000, method: 'cash' }));
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'paid', amount_paid: 3000, amount_remaining: 0 });
    });

    it('pays an open invoice out of band', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 3000);
      const paid = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, { paid_out_of_band: true }));
      expect(paid).toMatchObject({ status: 'paid', amount_paid: 3000, amount_remaining: 0 });
    });
  });

  describe('bad input', () => {
    let customerId: string;
    beforeAll(async () => {
      customerId = (await f.customer()).id;
    });

    async function refused(body: Record<string, unknown>, status: number, code: string, param?: string) {
      const before = await listIds(app, apiKey, '/v1/invoices');
      const e = expectError(await app.api(apiKey, 'POST', '/v1/invoices', body), status, code, param);
      expect(await listIds(app, apiKey, '/v1/invoices')).toEqual(before);
      return e;
    }

    it('refuses unknown fields, in the invoice and in a line', async () => {
      await refused({ customer: customerId, lines: [{ description: 'x', unit_amount: 1 }], auto_advance: true }, 400, 'parameter_unknown', 'auto_advance');
      const e = await refused({ customer: customerId, lines: [{ description: 'x', unit_amount: 1, colour: 'red' }] }, 400, 'parameter_unknown');
      expect(e.param).toMatch(/^lines\[0\]/);
    });

    it('refuses negative, fractional and string amounts and quantities', async () => {
      for (const [line, param] of [
        [{ description: 'x', unit_amount: -1 }, 'lines[0][unit_amount]'],
        [{ description: 'x', unit_amount: 9.99 }, 'lines[0][unit_amount]'],
        [{ description: 'x', unit_amount: '999' }, 'lines[0][unit_amount]'],
        [{ description: 'x', unit_amount: 100, quantity: 0 }, 'lines[0][quantity]'],
        [{ description: 'x', unit_amount: 100, quantity: -2 }, 'lines[0][quantity]'],
        [{ description: 'x', unit_amount: 100, quantity: 0.5 }, 'lines[0][quantity]'],
        [{ description: 'x', unit_amount: 100, discount_amount: -5 }, 'lines[0][discount_amount]'],
      ] as const) {
        const e = await refused({ customer: customerId, lines: [line] }, 400, 'parameter_invalid');
        expect(e.param, JSON.stringify(line)).toBe(param);
      }
    });

    it('refuses an unknown currency and a currency that does not match the price', async () => {
      await refused({ customer: customerId, currency: 'xyz', lines: [{ description: 'x', unit_amount: 100 }] }, 400, 'currency_unknown', 'currency');
      const usd = await f.oneOffPrice(100);
      await refused({ customer: customerId, currency: 'eur', lines: [{ price: usd.id }] }, 400, 'currency_mismatch', 'lines[0][price]');
    });

    it('refuses empty invoices, missing customer, recurring prices and unknown references', async () => {
      await refused({ customer: customerId, lines: [] }, 400, 'parameter_invalid', 'lines');
      await refused({ lines: [{ description: 'x', unit_amount: 1 }] }, 400, 'parameter_missing', 'customer');
      const monthly = await f.price();
      await refused({ customer: customerId, lines: [{ price: monthly.id }] }, 400, 'price_not_one_time', 'lines[0][price]');
      await refused({ customer: 'cus_nope', lines: [{ description: 'x', unit_amount: 1 }] }, 404, 'resource_missing', 'customer');
      const e = await refused({ customer: customerId, lines: [{ price: 'price_nope' }] }, 404, 'resource_missing');
      expect(e.param).toMatch(/^lines/);
      const t = await refused({ customer: customerId, lines: [{ description: 'x', unit_amount: 1, tax_rate: 'txr_nope' }] }, 404, 'resource_missing');
      expect(t.param).toMatch(/tax_rate/);
    });

    it('never answers 500 to junk', async () => {
      const junk: unknown[] = [
        { customer: customerId, lines: 'x' },
        { customer: customerId, lines: [null] },
        { customer: customerId, lines: [{}] },
        { customer: customerId, lines: [{ price: 'x', description: 'y', unit_amount: 1 }] },
        { customer: customerId, lines: [{ description: 'x', unit_amount: 99_999_999_999, quantity: 100_000 }] },
        { customer: customerId, lines: [{ description: 'x', unit_amount: 100, discount_amount: 1000 }] },
        { customer: customerId, lines: Array.from({ length: 201 }, () => ({ description: 'x', unit_amount: 1 })) },
        { customer: customerId, days_until_due: -1, lines: [{ description: 'x', unit_amount: 1 }] },
      ];
      for (const body of junk) {
        const res = await app.api(apiKey, 'POST', '/v1/invoices', body);
        expect(res.status, JSON.stringify(body).slice(0, 200)).toBeLessThan(500);
      }
    });

    it('caps a line discount at the line amount: a total never goes negative', async () => {
      const inv = await draft(customerId, [{ description: 'x', unit_amount: 100, discount_amount: 1000 }]);
      expect(inv).toMatchObject({ subtotal: 100, total_discount: 100, total: 0 });
      expect(inv.lines.data[0]).toMatchObject({ discount_amount: 100, total: 0 });
    });

    it('refuses an invoice whose amounts add up past the largest amount, without a 500', async () => {
      await refused({ customer: customerId, lines: [{ description: 'x', unit_amount: 99_999_999_999, quantity: 100_000 }] }, 400, 'parameter_invalid', 'lines');
      await refused(
        { customer: customerId, lines: Array.from({ length: 2 }, () => ({ description: 'x', unit_amount: 99_999_999_999 })) },
        400,
        'parameter_invalid',
        'lines',
      );
    });

    it('refuses one-time prices whose quantity makes the total unrepresentable, without a 500', async () => {
      const big = await f.oneOffPrice(99_999_999_999);
      const res = await app.api(apiKey, 'POST', '/v1/invoices', { customer: customerId, lines: [{ price: big.id, quantity: 100_000 }] });
      expectClientError(res);
    });
  });

  describe('state changes', () => {
    it('answers 409 to paying a paid invoice and records no second payment', async () => {
      const c = await f.customer();
      await f.card(c.id);
      const inv = await f.openInvoice(c.id, 2000);
      expect(expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {})).status).toBe('paid');
      const attempts = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}/payment_attempts`)).data;
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}), 409, 'invoice_not_open');
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, { paid_out_of_band: true }), 409, 'invoice_not_open');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}/payment_attempts`)).data).toEqual(attempts);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ amount_paid: 2000 });
      expect(await listIds(app, apiKey, `/v1/payments?invoice=${inv.id}`)).toHaveLength(1);
    });

    it('answers 409 to paying a draft and to finalising twice', async () => {
      const c = await f.customer();
      await f.card(c.id);
      const d = await draft(c.id, [{ description: 'x', unit_amount: 100 }]);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${d.id}/pay`, {}), 409, 'invoice_not_open');
      expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${d.id}/finalize`));
      const res = await app.api(apiKey, 'POST', `/v1/invoices/${d.id}/finalize`);
      expectError(res, 409, 'invalid_state_transition');
    });

    it('answers 409 to voiding an invoice with a payment and leaves it open', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 5000);
      expectOk(await app.api(apiKey, 'POST', '/v1/payments', { customer: c.id, invoice: inv.id, amount: 1000, method: 'cash' }));
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/void`), 409, 'invalid_state_transition');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'open', amount_paid: 1000, amount_remaining: 4000 });
    });

    it('deletes a draft (it never had a number or ledger entries) but refuses to delete a finalised invoice', async () => {
      const c = await f.customer();
      const doomed = await draft(c.id, [{ description: 'Mistake', unit_amount: 100, quantity: 1 }]);
      const deleted = expectOk(await app.api(apiKey, 'DELETE', `/v1/invoices/${doomed.id}`));
      expect(deleted).toEqual({ id: doomed.id, object: 'invoice', deleted: true });
      expectError(await app.api(apiKey, 'GET', `/v1/invoices/${doomed.id}`), 404, 'resource_missing');
      const kept = await draft(c.id, [{ description: 'Real', unit_amount: 100, quantity: 1 }]);
      expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${kept.id}/finalize`));
      expectError(await app.api(apiKey, 'DELETE', `/v1/invoices/${kept.id}`), 409, 'invalid_state_transition');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${kept.id}`)).status).toBe('open');
    });

    it('voids an open invoice without payments; a void invoice cannot be paid, finalised or marked', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 5000);
      const v = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/void`));
      expect(v).toMatchObject({ status: 'void', amount_remaining: 0 });
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`)).receivable).toBe(0);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, { paid_out_of_band: true }), 409, 'invoice_not_open');
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/finalize`), 409, 'invalid_state_transition');
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/mark_uncollectible`), 409, 'invalid_state_transition');
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/void`), 409, 'invalid_state_transition');
    });

    it('refuses pay without a saved card (400 payment_method_missing) and records no attempt', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 5000);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}), 400, 'payment_method_missing');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}/payment_attempts`)).data).toEqual([]);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`)).status).toBe('open');
    });

    it('refuses an unknown field on pay', async () => {
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 5000);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, { amount: 10 }), 400, 'parameter_unknown', 'amount');
    });
  });

  describe('card declines', () => {
    it('a declined autopay leaves the invoice open with a failed attempt (insufficient_funds)', async () => {
      const c = await f.customer();
      await f.card(c.id, 'pm_card_chargeDeclinedInsufficientFunds');
      const d = await draft(c.id, [{ description: 'Class pack', unit_amount: 8000 }], { collection_method: 'charge_automatically' });
      const inv = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${d.id}/finalize`));
      expect(inv).toMatchObject({ status: 'open', amount_paid: 0, amount_remaining: 8000, attempt_count: 1 });
      const attempts = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${d.id}/payment_attempts`));
      expect(attempts.data).toHaveLength(1);
      expect(attempts.data[0]).toMatchObject({ object: 'payment_attempt', invoice: d.id, status: 'failed', decline_code: 'insufficient_funds', amount: 8000 });
    });

    it('pay with a declined card answers 402 card_error naming the decline and leaves the invoice open', async () => {
      const c = await f.customer();
      await f.card(c.id, 'pm_card_chargeDeclinedInsufficientFunds');
      const inv = await f.openInvoice(c.id, 3000);
      const e = expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}), 402, 'card_declined');
      expect(e.type).toBe('card_error');
      expect(e.message).toContain('insufficient_funds');
      const after = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`));
      expect(after).toMatchObject({ status: 'open', amount_paid: 0, attempt_count: 1 });
      const [attempt] = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}/payment_attempts`)).data;
      expect(attempt).toMatchObject({ status: 'failed', decline_code: 'insufficient_funds' });
      expect(await listIds(app, apiKey, `/v1/payments?invoice=${inv.id}`)).toEqual([]);
    });

    it('a stolen card is a hard decline', async () => {
      const c = await f.customer();
      await f.card(c.id, 'pm_card_chargeDeclinedStolenCard');
      const inv = await f.openInvoice(c.id, 3000);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}), 402, 'card_declined');
      const [attempt] = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}/payment_attempts`)).data;
      expect(attempt).toMatchObject({ status: 'failed', decline_code: 'stolen_card', decline_kind: 'hard' });
    });

    it('a card that fails first then succeeds pays on the second explicit try', async () => {
      const c = await f.customer();
      await f.card(c.id, 'pm_card_failFirst1');
      const inv = await f.openInvoice(c.id, 3000);
      expectError(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}), 402, 'card_declined');
      const paid = expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, {}));
      expect(paid).toMatchObject({ status: 'paid', amount_paid: 3000, attempt_count: 2 });
    });
  });

  describe('another business', () => {
    it("cannot see or act on this business's invoice, and nothing changes", async () => {
      const c = await f.customer();
      await f.card(c.id);
      const inv = await f.openInvoice(c.id, 4000);
      for (const [method, url] of [
        ['GET', `/v1/invoices/${inv.id}`],
        ['GET', `/v1/invoices/${inv.id}/payment_attempts`],
        ['POST', `/v1/invoices/${inv.id}/finalize`],
        ['POST', `/v1/invoices/${inv.id}/pay`],
        ['POST', `/v1/invoices/${inv.id}/void`],
        ['POST', `/v1/invoices/${inv.id}/mark_uncollectible`],
      ] as const) {
        expectError(await app.api(otherKey, method, url, method === 'POST' ? {} : undefined), 404, 'resource_missing');
      }
      expectError(await app.api(otherKey, 'POST', `/v1/invoices/${inv.id}/pay`, { paid_out_of_band: true }), 404, 'resource_missing');
      expect(await listIds(app, otherKey, `/v1/invoices?customer=${c.id}`)).toEqual([]);
      const after = expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`));
      expect(after).toMatchObject({ status: 'open', amount_paid: 0, attempt_count: 0 });
    });

    it("refuses an invoice for another business's customer, price or tax rate (404) and writes nothing", async () => {
      const theirs = fixtures(app, otherKey);
      const theirCustomer = await theirs.customer();
      const theirPrice = await theirs.oneOffPrice(100);
      const theirTax = expectOk(await app.api(otherKey, 'POST', '/v1/tax_rates', { display_name: 'VAT', percentage: 5, inclusive: false }));
      const mine = await f.customer();
      const before = await listIds(app, apiKey, '/v1/invoices');
      const theirsBefore = await listIds(app, otherKey, '/v1/invoices');
      expectError(
        await app.api(apiKey, 'POST', '/v1/invoices', { customer: theirCustomer.id, lines: [{ description: 'x', unit_amount: 1 }] }),
        404,
        'resource_missing',
        'customer',
      );
      expectError(await app.api(apiKey, 'POST', '/v1/invoices', { customer: mine.id, lines: [{ price: theirPrice.id }] }), 404, 'resource_missing');
      expectError(
        await app.api(apiKey, 'POST', '/v1/invoices', { customer: mine.id, lines: [{ description: 'x', unit_amount: 1, tax_rate: theirTax.id }] }),
        404,
        'resource_missing',
      );
      expect(await listIds(app, apiKey, '/v1/invoices')).toEqual(before);
      expect(await listIds(app, otherKey, '/v1/invoices')).toEqual(theirsBefore);
    });

    it("refuses paying with another customer's card", async () => {
      const a = await f.customer({ name: 'A' });
      const b = await f.customer({ name: 'B' });
      const bCard = await f.card(b.id);
      const inv = await f.openInvoice(a.id, 1000);
      const res = await app.api(apiKey, 'POST', `/v1/invoices/${inv.id}/pay`, { payment_method: bCard.id });
      expectClientError(res);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/invoices/${inv.id}`))).toMatchObject({ status: 'open', amount_paid: 0 });
    });
  });
});
