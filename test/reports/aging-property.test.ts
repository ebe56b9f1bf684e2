import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/index.ts';
import { invoices } from '../../src/modules/invoicing/index.ts';
import { ledgerEntries } from '../../src/modules/ledger/index.ts';
import { type Api, advanceDays, clockNow, expectAuditClean, localInstant, localParts, openTenant } from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Action =
  | { kind: 'invoice'; customer: number; amount: number; dueIn: number; currency: string }
  | { kind: 'pay'; invoice: number; percent: number }
  | { kind: 'credit_note'; invoice: number; percent: number }
  | { kind: 'void'; invoice: number }
  | { kind: 'uncollectible'; invoice: number }
  | { kind: 'prepay'; customer: number; amount: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      customer: fc.nat(9),
      amount: fc.integer({ min: 1, max: 200_000 }),
      dueIn: fc.integer({ min: 0, max: 60 }),
      currency: fc.constantFrom('usd', 'usd', 'jpy'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), invoice: fc.nat(99), percent: fc.integer({ min: 5, max: 130 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('credit_note' as const), invoice: fc.nat(99), percent: fc.integer({ min: 5, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), invoice: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('uncollectible' as const), invoice: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prepay' as const), customer: fc.nat(9), amount: fc.integer({ min: 1, max: 50_000 }) }) },
);

const story = fc.record({
  timeZone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Riga', 'Asia/Bangkok', 'Pacific/Auckland'),
  customers: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(fc.record({ days: fc.nat(9), action }), { minLength: 4, maxLength: 16 }),
  asOfPicks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 5 }),
});

const BUCKETS = ['current', '1_30', '31_60', '61_90', 'over_90'] as const;
type Figures = Record<(typeof BUCKETS)[number] | 'total' | 'unapplied_credit', number>;
const zero = (): Figures => ({ current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0, total: 0, unapplied_credit: 0 });
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

/** The report recomputed the slow, obvious way from every raw ledger row of the business. */
async function bruteForce(app: TestApp, tenantId: string, timeZone: string, asOf: string) {
  const lines = await app.ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.tenantId, tenantId));
  const invoiceRows = await app.ctx.db.select().from(invoices).where(eq(invoices.tenantId, tenantId));
  const names = new Map((await app.ctx.db.select().from(customers).where(eq(customers.tenantId, tenantId))).map((c) => [c.id, c.name]));
  const localDate = (at: Date) => localParts(Math.floor(at.getTime() / 1000), timeZone).date;
  const posted = lines.filter((l) => localDate(l.createdAt) <= asOf);
  const rows = new Map<string, { customer: string; customer_name: string; currency: string } & Figures>();
  const rowFor = (customer: string, currency: string) => {
    const key = `${currency}|${customer}`;
    if (!rows.has(key)) rows.set(key, { customer, customer_name: names.get(customer)!, currency, ...zero() });
    return rows.get(key)!;
  };
  for (const invoice of invoiceRows) {
    const owed = posted.filter((l) => l.account === 'accounts_receivable' && l.invoiceId === invoice.id).reduce((sum, l) => sum + l.debit - l.credit, 0);
    if (owed === 0) continue;
    const late = invoice.dueDate ? dayNumber(asOf) - dayNumber(localDate(invoice.dueDate)) : 0;
    const bucket = late <= 0 ? 'current' : late <= 30 ? '1_30' : late <= 60 ? '31_60' : late <= 90 ? '61_90' : 'over_90';
    const row = rowFor(invoice.customerId, invoice.currency);
    row[bucket] += owed;
    row.total += owed;
  }
  const credit = new Map<string, number>();
  for (const l of posted.filter((x) => x.account === 'customer_credit')) {
    const key = `${l.currency}|${l.customerId}`;
    credit.set(key, (credit.get(key) ?? 0) + l.credit - l.debit);
  }
  for (const [key, amount] of credit) {
    if (amount === 0) continue;
    const [currency, customer] = key.split('|') as [string, string];
    rowFor(customer, currency).unapplied_credit = amount;
  }
  const data = [...rows.values()].filter((r) => r.unapplied_credit !== 0 || BUCKETS.some((b) => r[b] !== 0));
  const totals = new Map<string, { currency: string; customers: number } & Figures>();
  for (const r of data) {
    const t = totals.get(r.currency) ?? { currency: r.currency, customers: 0, ...zero() };
    t.customers += 1;
    for (const k of [...BUCKETS, 'total', 'unapplied_credit'] as const) t[k] += r[k];
    totals.set(r.currency, t);
  }
  return { data, totals: [...totals.values()] };
}

const byKey = <T extends { currency: string; customer?: string }>(list: T[]) =>
  [...list].sort((a, b) => `${a.currency}|${a.customer ?? ''}`.localeCompare(`${b.currency}|${b.customer ?? ''}`));

/** Plays the story through the API on the test clock; refusals (4xx) are part of the story, 5xx are not. */
async function play(api: Api, customerIds: string[], steps: { days: number; action: Action }[]) {
  const invoiceIds: string[] = [];
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await api.call(method, url, body);
    if (res.status >= 500) throw new Error(`${method} ${url} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const invoiceAt = (i: number) => invoiceIds[i % invoiceIds.length];
  for (const { days, action: a } of steps) {
    if (days > 0) await advanceDays(api, days);
    if (a.kind === 'invoice') {
      const customer = customerIds[a.customer % customerIds.length]!;
      const amount = a.currency === 'jpy' ? Math.ceil(a.amount / 100) : a.amount;
      const draft = await api.ok('POST', '/v1/invoices', {
        customer,
        currency: a.currency,
        days_until_due: a.dueIn,
        lines: [{ description: 'Session', unit_amount: amount }],
      });
      await api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
      invoiceIds.push(draft.id);
    } else if (a.kind === 'prepay') {
      await call('POST', '/v1/payments', {
        customer: customerIds[a.customer % customerIds.length],
        amount: a.amount,
        currency: 'usd',
        method: 'bank_transfer',
      });
    } else if (invoiceIds.length > 0) {
      const id = invoiceAt(a.invoice)!;
      const invoice = await api.ok('GET', `/v1/invoices/${id}`);
      if (a.kind === 'pay') {
        const amount = Math.max(1, Math.round((invoice.amount_remaining * a.percent) / 100));
        await call('POST', '/v1/payments', { customer: invoice.customer, invoice: id, amount, method: 'cash' });
      } else if (a.kind === 'credit_note') {
        await call('POST', '/v1/credit_notes', { invoice: id, amount: Math.max(1, Math.round((invoice.total * a.percent) / 100)) });
      } else if (a.kind === 'void') {
        await call('POST', `/v1/invoices/${id}/void`);
      } else {
        await call('POST', `/v1/invoices/${id}/mark_uncollectible`);
      }
    }
  }
}

describe('AR aging as of past dates equals a brute-force recomputation from the ledger', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('on random invoices, payments, credit notes, voids and write-offs over a few months', { timeout: 240_000 }, async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(story, async (s) => {
        const start = '2027-01-04';
        const api = await openTenant(app, { name: 'Aging Property', timezone: s.timeZone, currency: 'usd', at: localInstant(start, s.timeZone, '09:30:00') });
        const customerIds: string[] = [];
        for (let i = 0; i < s.customers; i++) customerIds.push((await api.ok('POST', '/v1/customers', { name: `Client ${i}, "${s.timeZone}"` })).id);
        await play(api, customerIds, s.steps);
        const today = localParts(Math.floor((await clockNow(api)).getTime() / 1000), s.timeZone).date;
        const span = dayNumber(today) - dayNumber(start);
        const dates = new Set([today, '2027-01-03']);
        for (const pick of s.asOfPicks)
          dates.add(new Date((dayNumber(start) + Math.min(span, Math.floor(pick * (span + 1)))) * 86_400_000).toISOString().slice(0, 10));
        for (const asOf of dates) {
          const report = await api.ok('GET', `/v1/reports/aging?as_of=${asOf}`);
          const expected = await bruteForce(app, api.tenantId, s.timeZone, asOf);
          const got = report.data.map(({ object: _o, ...r }: any) => r);
          expect(byKey(got), `as of ${asOf}`).toEqual(byKey(expected.data));
          expect(byKey(report.totals), `totals as of ${asOf}`).toEqual(byKey(expected.totals));
          checked += 1;
        }
      }),
      { numRuns: 12 },
    );
    expect(checked).toBeGreaterThanOrEqual(12 * 3);
    // The books the report was checked against are themselves consistent.
    await expectAuditClean(app);
  });
});
