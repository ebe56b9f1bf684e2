import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectClientError, expectError, expectOk, fixtures, listIds } from './helpers.ts';

describe('customers API', () => {
  let app: TestApp;
  let apiKey: string;
  let otherKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
    ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
  });
  afterAll(() => app.stop());

  describe('happy path', () => {
    it('creates a customer with every field and reads it back with balances', async () => {
      const body = {
        name: '  Anna Bērziņa  ',
        email: 'Anna@Example.LV',
        phone: '+37120000000',
        telegram: '@anna',
        preferred_locales: ['lv', 'en'],
        timezone: 'Europe/Riga',
        tax_id: 'LV40003000000',
        payment_terms_days: 14,
        credit_limit: 50_000,
        tags: ['vip'],
        notes: 'Prefers mornings',
        metadata: { member_no: '42' },
      };
      const created = expectOk(await app.api(apiKey, 'POST', '/v1/customers', body));
      expect(created).toMatchObject({
        object: 'customer',
        name: 'Anna Bērziņa',
        email: 'anna@example.lv',
        phone: '+37120000000',
        preferred_locales: ['lv', 'en'],
        timezone: 'Europe/Riga',
        payment_terms_days: 14,
        credit_limit: 50_000,
        tags: ['vip'],
        metadata: { member_no: '42' },
      });
      expect(created.id).toMatch(/^cus_[0-9a-z]+$/);
      expect(typeof created.created).toBe('number');
      const read = expectOk(await app.api(apiKey, 'GET', `/v1/customers/${created.id}`));
      expect(read).toMatchObject({ ...created, balance: 0, credit_balance: 0, receivable: 0 });
    });

    it('updates only the fields sent and can clear a nullable one', async () => {
      const f = fixtures(app, apiKey);
      const c = await f.customer({ email: 'old@example.com', phone: '+37120000001' });
      const updated = expectOk(await app.api(apiKey, 'POST', `/v1/customers/${c.id}`, { email: 'NEW@example.com', phone: null }));
      expect(updated).toMatchObject({ id: c.id, name: c.name, email: 'new@example.com', phone: null });
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`)).email).toBe('new@example.com');
    });

    it('finds customers by exact email (case-insensitive) and by search on name or email', async () => {
      const f = fixtures(app, apiKey);
      const zed = await f.customer({ name: 'Zed Quigley', email: 'zed.q@example.com' });
      await f.customer({ name: 'Other Person', email: 'other@example.com' });
      const byEmail = expectOk(await app.api(apiKey, 'GET', '/v1/customers?email=ZED.Q@example.com'));
      expect(byEmail.data.map((c: { id: string }) => c.id)).toEqual([zed.id]);
      const bySearch = expectOk(await app.api(apiKey, 'GET', '/v1/customers?search=quigl'));
      expect(bySearch.data.map((c: { id: string }) => c.id)).toEqual([zed.id]);
    });

    it('treats % and _ in search as plain characters, not wildcards', async () => {
      const f = fixtures(app, apiKey);
      const pct = await f.customer({ name: 'Discount 100% Club' });
      const res = expectOk(await app.api(apiKey, 'GET', `/v1/customers?search=${encodeURIComponent('100%')}`));
      expect(res.data.map((c: { id: string }) => c.id)).toEqual([pct.id]);
      const all = expectOk(await app.api(apiKey, 'GET', `/v1/customers?search=${encodeURIComponent('%')}`));
      expect(all.data.map((c: { id: string }) => c.id)).toEqual([pct.id]);
    });
  });

  describe('pagination', () => {
    it('pages newest first with limit, has_more and starting_after, without overlap or gaps', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Paging Gym' });
      const f = fixtures(app, key);
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push((await f.customer({ name: `Member ${i}` })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      const pages: boolean[] = [];
      for (;;) {
        const page = expectOk(await app.api(key, 'GET', `/v1/customers?limit=3${cursor ? `&starting_after=${cursor}` : ''}`));
        expect(page.object).toBe('list');
        expect(page.data.length).toBeLessThanOrEqual(3);
        seen.push(...page.data.map((c: { id: string }) => c.id));
        pages.push(page.has_more);
        if (!page.has_more) break;
        cursor = page.data.at(-1).id;
      }
      expect(pages).toEqual([true, true, false]);
      expect(seen).toEqual([...made].reverse());
      expect(new Set(seen).size).toBe(7);
    });

    it('defaults to 10 and has_more false on the last page', async () => {
      const { apiKey: key } = await app.tenant({ name: 'Paging Gym 2' });
      const f = fixtures(app, key);
      for (let i = 0; i < 11; i++) await f.customer({ name: `M${i}` });
      const page = expectOk(await app.api(key, 'GET', '/v1/customers'));
      expect(page.data).toHaveLength(10);
      expect(page.has_more).toBe(true);
      const exact = expectOk(await app.api(key, 'GET', '/v1/customers?limit=11'));
      expect(exact.data).toHaveLength(11);
      expect(exact.has_more).toBe(false);
    });

    it('rejects out-of-range limits with 400 parameter_invalid naming limit', async () => {
      for (const limit of ['0', '101', '-1', 'abc', '2.5']) {
        expectError(await app.api(apiKey, 'GET', `/v1/customers?limit=${limit}`), 400, 'parameter_invalid', 'limit');
      }
    });
  });

  describe('bad input', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['an unknown field', { name: 'A', colour: 'blue' }, 'parameter_unknown', 'colour'],
      ['a missing name', { email: 'a@example.com' }, 'parameter_missing', 'name'],
      ['a blank name', { name: '   ' }, 'parameter_invalid', 'name'],
      ['a name of the wrong type', { name: 42 }, 'parameter_invalid', 'name'],
      ['an invalid email', { name: 'A', email: 'not-an-email' }, 'parameter_invalid', 'email'],
      ['a local phone number', { name: 'A', phone: '20000000' }, 'parameter_invalid', 'phone'],
      ['an unknown timezone', { name: 'A', timezone: 'Mars/Olympus' }, 'parameter_invalid', 'timezone'],
      ['an unsupported locale', { name: 'A', preferred_locales: ['xx'] }, 'parameter_invalid', 'preferred_locales[0]'],
      ['a negative credit limit', { name: 'A', credit_limit: -1 }, 'parameter_invalid', 'credit_limit'],
      ['a fractional credit limit', { name: 'A', credit_limit: 10.5 }, 'parameter_invalid', 'credit_limit'],
      ['a credit limit as a string', { name: 'A', credit_limit: '100' }, 'parameter_invalid', 'credit_limit'],
      ['fractional payment terms', { name: 'A', payment_terms_days: 1.5 }, 'parameter_invalid', 'payment_terms_days'],
      ['non-string metadata values', { name: 'A', metadata: { a: 1 } }, 'parameter_invalid', 'metadata[a]'],
      ['a huge name', { name: 'x'.repeat(201) }, 'parameter_invalid', 'name'],
      ['tags that are not a list', { name: 'A', tags: 'vip' }, 'parameter_invalid', 'tags'],
    ];
    for (const [what, body, code, param] of cases) {
      it(`refuses ${what} with 400 ${code} (param ${param}) and writes nothing`, async () => {
        const before = await listIds(app, apiKey, '/v1/customers');
        const res = await app.api(apiKey, 'POST', '/v1/customers', body);
        expectError(res, 400, code, param);
        expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
      });
    }

    it('refuses an unknown field on update and leaves the customer unchanged', async () => {
      const c = await fixtures(app, apiKey).customer({ name: 'Stable' });
      expectError(await app.api(apiKey, 'POST', `/v1/customers/${c.id}`, { name: 'Changed', id: 'cus_x' }), 400, 'parameter_unknown', 'id');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`)).name).toBe('Stable');
    });

    it('refuses a NUL character in a name without a 500', async () => {
      const before = await listIds(app, apiKey, '/v1/customers');
      expectError(await app.api(apiKey, 'POST', '/v1/customers', { name: 'A\u0000B' }), 400, 'parameter_invalid', 'name');
      expect(await listIds(app, apiKey, '/v1/customers')).toEqual(before);
      expectError(await app.api(apiKey, 'GET', '/v1/customers/cus_%00'), 400, 'parameter_invalid', 'id');
      expectError(await app.api(apiKey, 'GET', '/v1/customers?search=%00'), 400, 'parameter_invalid', 'search');
    });

    it('answers 404 resource_missing for an id that does not exist, on GET, update and ledger', async () => {
      expectError(await app.api(apiKey, 'GET', '/v1/customers/cus_doesnotexist'), 404, 'resource_missing');
      expectError(await app.api(apiKey, 'POST', '/v1/customers/cus_doesnotexist', { name: 'X' }), 404, 'resource_missing');
      expectError(await app.api(apiKey, 'GET', '/v1/customers/cus_doesnotexist/ledger'), 404, 'resource_missing');
      expectError(await app.api(apiKey, 'GET', '/v1/customers/cus_doesnotexist/payment_methods'), 404, 'resource_missing');
    });

    it('never answers 500 to assorted junk bodies', async () => {
      const junk: unknown[] = [
        { name: null },
        { name: ['A'] },
        { name: { first: 'A' } },
        { name: 'A', email: 123 },
        { name: 'A', metadata: 'x' },
        { name: 'A', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
        { name: 'A', credit_limit: 1e20 },
        { name: 'A', credit_limit: Number.MAX_SAFE_INTEGER + 2 },
        { name: 'A', preferred_locales: 'en' },
        { __proto__: { name: 'A' } },
        { name: 'A', constructor: { prototype: { x: 1 } } },
      ];
      for (const body of junk) expectClientError(await app.api(apiKey, 'POST', '/v1/customers', body));
    });
  });

  describe('another business', () => {
    it("cannot read, update or list this business's customer, nor see its ledger or cards", async () => {
      const f = fixtures(app, apiKey);
      const c = await f.customer({ name: 'Private Person', email: 'private@example.com' });
      await f.card(c.id);
      expectError(await app.api(otherKey, 'GET', `/v1/customers/${c.id}`), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'POST', `/v1/customers/${c.id}`, { name: 'Hijacked' }), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'GET', `/v1/customers/${c.id}/ledger`), 404, 'resource_missing');
      expectError(await app.api(otherKey, 'GET', `/v1/customers/${c.id}/payment_methods`), 404, 'resource_missing');
      const theirs = expectOk(await app.api(otherKey, 'GET', '/v1/customers?email=private@example.com'));
      expect(theirs.data).toEqual([]);
      expect(expectOk(await app.api(otherKey, 'GET', '/v1/customers?search=Private')).data).toEqual([]);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`)).name).toBe('Private Person');
    });

    it('cannot attach a card to this business’s customer', async () => {
      const c = await fixtures(app, apiKey).customer();
      expectError(await app.api(otherKey, 'POST', `/v1/customers/${c.id}/payment_methods`, { token: 'pm_card_visa' }), 404, 'resource_missing');
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}/payment_methods`)).data).toEqual([]);
    });

    it('a starting_after cursor from another business reveals nothing of it', async () => {
      const mine = await fixtures(app, apiKey).customer();
      const page = expectOk(await app.api(otherKey, 'GET', `/v1/customers?starting_after=${mine.id}&limit=100`));
      expect(page.data.map((c: { id: string }) => c.id)).not.toContain(mine.id);
      const myIds = await listIds(app, apiKey, '/v1/customers');
      for (const c of page.data) expect(myIds).not.toContain(c.id);
    });
  });

  describe('payment methods', () => {
    it('saves a test card with brand, last4 and expiry only, the first one being the default', async () => {
      const f = fixtures(app, apiKey);
      const c = await f.customer();
      const pm = await f.card(c.id, 'pm_card_visa');
      expect(pm).toMatchObject({ object: 'payment_method', customer: c.id, type: 'card', default: true, card: { brand: 'visa', last4: '4242' } });
      expect(pm.id).toMatch(/^pm_/);
      expect(pm.card.exp_month).toBeGreaterThanOrEqual(1);
      expect(pm.card.exp_year).toBeGreaterThan(2000);
      expect(JSON.stringify(pm)).not.toMatch(/pm_card_visa|4242424242424242/);
      const list = expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}/payment_methods`));
      expect(list.data.map((p: { id: string }) => p.id)).toEqual([pm.id]);
    });

    it('refuses an unknown test token with 400 payment_method_unknown and saves nothing', async () => {
      const c = await fixtures(app, apiKey).customer();
      for (const token of ['pm_card_nonsense', 'tok_visa', 'pm_card_failFirst0', 'pm_card_failFirst10']) {
        expectError(await app.api(apiKey, 'POST', `/v1/customers/${c.id}/payment_methods`, { token }), 400, 'payment_method_unknown', 'token');
      }
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}/payment_methods`)).data).toEqual([]);
    });

    it('refuses bad bodies for a card', async () => {
      const c = await fixtures(app, apiKey).customer();
      expectError(await app.api(apiKey, 'POST', `/v1/customers/${c.id}/payment_methods`, {}), 400, 'parameter_missing', 'token');
      expectError(await app.api(apiKey, 'POST', `/v1/customers/${c.id}/payment_methods`, { token: 5 }), 400, 'parameter_invalid', 'token');
      expectError(
        await app.api(apiKey, 'POST', `/v1/customers/${c.id}/payment_methods`, { token: 'pm_card_visa', number: '4242424242424242' }),
        400,
        'parameter_unknown',
        'number',
      );
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}/payment_methods`)).data).toEqual([]);
    });
  });

  describe('ledger', () => {
    it('shows balanced entries after an invoice and a cash payment, and the customer balance follows', async () => {
      const f = fixtures(app, apiKey);
      const c = await f.customer();
      const inv = await f.openInvoice(c.id, 10_000);
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`))).toMatchObject({ balance: 10_000, receivable: 10_000 });
      expectOk(await app.api(apiKey, 'POST', '/v1/payments', { customer: c.id, invoice: inv.id, amount: 4_000, method: 'cash' }));
      expect(expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}`))).toMatchObject({ balance: 6_000, receivable: 6_000 });
      const ledger = expectOk(await app.api(apiKey, 'GET', `/v1/customers/${c.id}/ledger?limit=100`));
      expect(ledger.object).toBe('list');
      expect(ledger.data.length).toBeGreaterThanOrEqual(4);
      const byJournal = new Map<string, number>();
      for (const e of ledger.data) {
        expect(e.object).toBe('ledger_entry');
        expect(Number.isInteger(e.debit) && Number.isInteger(e.credit)).toBe(true);
        byJournal.set(e.journal, (byJournal.get(e.journal) ?? 0) + e.debit - e.credit);
      }
      for (const [journal, net] of byJournal) expect(net, journal).toBe(0);
      expect(ledger.data.map((e: { source_type: string }) => e.source_type)).toEqual(expect.arrayContaining(['invoice', 'payment']));
    });
  });
});
