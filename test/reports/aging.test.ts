import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../http/helpers.ts';
import { type Api, advanceDays, clockNow, expectAuditClean, localInstant, localParts, newCustomer, openTenant } from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { parseCsv } from './csv-parse.ts';

const TZ = 'Europe/Riga';

/** A finalised one-off invoice (send_invoice), due `days` after today. */
async function openInvoice(api: Api, customer: string, amount: number, days: number, currency?: string) {
  const draft = await api.ok('POST', '/v1/invoices', {
    customer,
    days_until_due: days,
    ...(currency ? { currency } : {}),
    lines: [{ description: 'Personal training', unit_amount: amount }],
  });
  return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
}

const localDateOf = (at: Date) => localParts(Math.floor(at.getTime() / 1000), TZ).date;

const rowOf = (report: any, customer: string, currency = 'eur') => report.data.find((r: any) => r.customer === customer && r.currency === currency);

describe('AR aging report', () => {
  let app: TestApp;
  let api: Api;
  let other: Api;
  let anna: string;
  let invoice: any;

  beforeAll(async () => {
    app = await startTestApp();
    // Day 0 is Monday 4 January 2027, 10:00 in Riga.
    api = await openTenant(app, { name: 'Riga Physio', timezone: TZ, currency: 'eur', at: localInstant('2027-01-04', TZ, '10:00:00') });
    other = await openTenant(app, { name: 'Other Studio', timezone: TZ, currency: 'eur', at: localInstant('2027-01-04', TZ, '10:00:00') });
    anna = await newCustomer(api, 'Anna Bērziņa');
    invoice = await openInvoice(api, anna, 5000, 10); // due 14 January
    const bob = await newCustomer(other, 'Bob of the other business');
    await openInvoice(other, bob, 777_00, 0);
    await advanceDays(api, 20); // 24 January
    await api.ok('POST', '/v1/payments', { customer: anna, invoice: invoice.id, amount: 2000, method: 'cash' });
    await advanceDays(api, 35); // 28 February: 45 days past the due date
  });
  afterAll(() => app.stop());

  const aging = (query = '') => api.ok('GET', `/v1/reports/aging${query}`);

  it('puts an invoice 45 days past its due date in 31_60, with what remains after a partial payment', async () => {
    const report = await aging();
    expect(report).toMatchObject({ object: 'aging_report', as_of: '2027-02-28', time_zone: TZ, buckets: ['current', '1_30', '31_60', '61_90', 'over_90'] });
    expect(rowOf(report, anna)).toEqual({
      object: 'aging_row',
      customer: anna,
      customer_name: 'Anna Bērziņa',
      currency: 'eur',
      current: 0,
      '1_30': 0,
      '31_60': 3000,
      '61_90': 0,
      over_90: 0,
      total: 3000,
      unapplied_credit: 0,
    });
    expect(report.totals).toEqual([
      { currency: 'eur', customers: 1, current: 0, '1_30': 0, '31_60': 3000, '61_90': 0, over_90: 0, total: 3000, unapplied_credit: 0 },
    ]);
  });

  it('is exact for past dates: before the payment the whole invoice, on its due day current, before finalisation absent', async () => {
    expect(rowOf(await aging('?as_of=2027-01-23'), anna)).toMatchObject({ '1_30': 5000, total: 5000 }); // 9 days late, not yet paid
    expect(rowOf(await aging('?as_of=2027-01-24'), anna)).toMatchObject({ '1_30': 3000, total: 3000 }); // paid in part that day
    expect(rowOf(await aging('?as_of=2027-01-14'), anna)).toMatchObject({ current: 5000, '1_30': 0 }); // due that day
    expect(rowOf(await aging('?as_of=2027-01-15'), anna)).toMatchObject({ current: 0, '1_30': 5000 }); // one day late
    expect(rowOf(await aging('?as_of=2027-02-13'), anna)).toMatchObject({ '1_30': 3000 }); // 30 days late
    expect(rowOf(await aging('?as_of=2027-02-14'), anna)).toMatchObject({ '31_60': 3000 }); // 31 days late
    expect((await aging('?as_of=2027-01-03')).data).toEqual([]);
  });

  it('moves through 61_90 and over_90 as time passes, and drops an invoice once it is settled', async () => {
    expect(rowOf(await aging('?as_of=2027-02-28'), anna)['31_60']).toBe(3000);
    await advanceDays(api, 30); // 30 March: 75 days late
    expect(rowOf(await aging(), anna)['61_90']).toBe(3000);
    await advanceDays(api, 20); // 19 April: 95 days late
    expect(rowOf(await aging(), anna).over_90).toBe(3000);
    await api.ok('POST', '/v1/payments', { customer: anna, invoice: invoice.id, amount: 3500, method: 'cash' });
    // Paid in full; the 5.00 paid beyond the invoice is credit, shown apart, never netted into the buckets.
    expect(rowOf(await aging(), anna)).toMatchObject({ current: 0, over_90: 0, total: 0, unapplied_credit: 500 });
    expect(rowOf(await aging('?as_of=2027-04-18'), anna)).toMatchObject({ over_90: 3000, total: 3000, unapplied_credit: 0 });
    await expectAuditClean(app);
  });

  it('leaves out an invoice written off as uncollectible (its receivable is in bad debt) and a voided one, from that day on', async () => {
    const carl = await newCustomer(api, 'Carl');
    const a = await openInvoice(api, carl, 1200, 0);
    const b = await openInvoice(api, carl, 800, 5);
    await advanceDays(api, 3);
    await api.ok('POST', `/v1/invoices/${a.id}/mark_uncollectible`);
    await api.ok('POST', `/v1/invoices/${b.id}/void`);
    const yesterday = localDateOf(new Date((await clockNow(api)).getTime() - 86_400_000));
    const before = rowOf(await aging(`?as_of=${yesterday}`), carl);
    expect(before).toMatchObject({ current: 800, '1_30': 1200, total: 2000 });
    expect(rowOf(await aging(), carl)).toBeUndefined();
    await expectAuditClean(app);
  });

  it('groups a multi-currency business by currency', async () => {
    const dana = await newCustomer(api, 'Dana');
    await openInvoice(api, dana, 1500, 0, 'usd');
    await openInvoice(api, dana, 300, 0, 'eur');
    const report = await aging();
    expect(rowOf(report, dana, 'usd')).toMatchObject({ current: 1500, total: 1500 });
    expect(rowOf(report, dana, 'eur')).toMatchObject({ current: 300, total: 300 });
    const usd = report.totals.find((t: any) => t.currency === 'usd');
    expect(usd).toMatchObject({ customers: 1, total: 1500 });
    // The customer filter narrows the report to one customer.
    const one = await aging(`?customer=${dana}`);
    expect(one.data.map((r: any) => r.customer)).toEqual([dana, dana]);
  });

  it("never shows another business's invoices, and refuses its customer id", async () => {
    const report = await aging();
    expect(report.data.map((r: any) => r.customer_name)).not.toContain('Bob of the other business');
    expect(report.totals.reduce((sum: number, t: any) => sum + t.total, 0)).toBeLessThan(777_00);
    const theirs = await other.ok('GET', '/v1/reports/aging');
    expect(theirs.data).toHaveLength(1);
    expectError(await app.api(api.apiKey, 'GET', `/v1/reports/aging?customer=${theirs.data[0].customer}`), 404, 'resource_missing', 'customer');
    expectError(await app.api(null, 'GET', '/v1/reports/aging'), 401, 'api_key_missing');
  });

  it('refuses a bad as_of with a 400 naming the parameter', async () => {
    for (const bad of ['2027-02-30', 'yesterday', '2027-1-5', '28.02.2027', '']) {
      expectError(await app.api(api.apiKey, 'GET', `/v1/reports/aging?as_of=${encodeURIComponent(bad)}`), 400, 'parameter_invalid', 'as_of');
    }
    expectError(await app.api(api.apiKey, 'GET', '/v1/reports/aging?as_of=2099-01-01'), 400, 'parameter_invalid', 'as_of');
    expectError(await app.api(api.apiKey, 'GET', '/v1/reports/aging.csv?as_of=2027-13-01'), 400, 'parameter_invalid', 'as_of');
    expectError(await app.api(api.apiKey, 'GET', '/v1/reports/aging?asof=2027-01-01'), 400, 'parameter_unknown');
  });

  describe('CSV export', () => {
    it('has a header, one row per customer and a totals row, amounts in major units, names quoted per RFC 4180', async () => {
      const tricky = await newCustomer(api, 'Smith, "Jo"\nand sons');
      const formula = await newCustomer(api, '=HYPERLINK("http://evil")');
      await openInvoice(api, tricky, 123_456, 0);
      await openInvoice(api, formula, 5, 0, 'jpy');
      const res = await app.server.inject({ method: 'GET', url: '/v1/reports/aging.csv', headers: { authorization: `Bearer ${api.apiKey}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="aging-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.body).toContain('"Smith, ""Jo""\nand sons"');
      const records = parseCsv(res.body);
      expect(records[0]).toEqual(['customer', 'customer_name', 'currency', 'current', '1_30', '31_60', '61_90', 'over_90', 'total', 'unapplied_credit']);
      const json = await aging();
      expect(records.length).toBe(1 + json.data.length + json.totals.length);
      expect(records.find((r) => r[0] === tricky)).toEqual([
        tricky,
        'Smith, "Jo"\nand sons',
        'eur',
        '1234.56',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '1234.56',
        '0.00',
      ]);
      // A name that a spreadsheet would run as a formula is defused; yen have no minor digits.
      expect(records.find((r) => r[0] === formula)).toEqual([formula, `'=HYPERLINK("http://evil")`, 'jpy', '5', '0', '0', '0', '0', '5', '0']);
      const eurTotal = json.totals.find((t: any) => t.currency === 'eur');
      expect(records.find((r) => r[1] === 'Total' && r[2] === 'eur')?.[8]).toBe((eurTotal.total / 100).toFixed(2));
    });

    it('is also what Accept: text/csv gets from /v1/reports/aging, for the same as_of', async () => {
      const headers = { authorization: `Bearer ${api.apiKey}` };
      const byAccept = await app.server.inject({ method: 'GET', url: '/v1/reports/aging?as_of=2027-01-24', headers: { ...headers, accept: 'text/csv' } });
      const byPath = await app.server.inject({ method: 'GET', url: '/v1/reports/aging.csv?as_of=2027-01-24', headers });
      expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(byAccept.body).toBe(byPath.body);
      expect(parseCsv(byPath.body).find((r) => r[0] === anna)?.[4]).toBe('30.00');
      const json = await app.server.inject({ method: 'GET', url: '/v1/reports/aging', headers: { ...headers, accept: 'application/json, text/csv;q=0.5' } });
      expect(json.json().object).toBe('aging_report');
    });
  });
});
