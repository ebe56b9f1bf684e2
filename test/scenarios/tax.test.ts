import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceTo,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  localInstant,
  monthlyPrice,
  newCustomer,
  openTenant,
} from './scenario-helpers.ts';

const TZ = 'Europe/Riga';

describe('tax rates, inclusive and exclusive, on subscriptions and one-off invoices', () => {
  let app: TestApp;
  let api: Api;
  let vatIncl: string;
  let vatExcl: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Riga Spa', timezone: TZ, currency: 'eur', at: localInstant('2027-09-01', TZ, '10:00:00') });
    vatIncl = (await api.ok('POST', '/v1/tax_rates', { display_name: 'PVN 21% (incl.)', percentage: 21, inclusive: true })).id;
    vatExcl = (await api.ok('POST', '/v1/tax_rates', { display_name: 'PVN 21%', percentage: 21, inclusive: false })).id;
  });
  afterAll(() => app.stop());

  it('21% inclusive on 4900: tax 850, net 4050, the member pays 4900 every month', async () => {
    const price = await monthlyPrice(api, 4900, { currency: 'eur', taxRate: vatIncl, nickname: 'Spa monthly' });
    const customer = await newCustomer(api, 'Inclusive', 'pm_card_visa');
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price }] });
    await advanceTo(api, localInstant('2027-10-01', TZ, '10:00:00'));
    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(2);
    for (const summary of invoices) {
      const invoice = await api.ok('GET', `/v1/invoices/${summary.id}`);
      expect(invoice).toMatchObject({ subtotal: 4050, tax: 850, total: 4900, amount_paid: 4900, status: 'paid' });
      expect(invoice.lines.data[0]).toMatchObject({ amount: 4900, tax_amount: 850, total: 4900, tax_inclusive: true, tax_rate: vatIncl });
    }
    const ledger = await expectLedgerBalanced(api, customer);
    const invoiceEntries = ledger.filter((e) => e.source_type === 'invoice');
    expect(invoiceEntries.filter((e) => e.account === 'revenue').reduce((s, e) => s + e.credit, 0)).toBe(2 * 4050);
    expect(invoiceEntries.filter((e) => e.account === 'tax_payable').reduce((s, e) => s + e.credit, 0)).toBe(2 * 850);
  });

  it('21% exclusive on 4900: tax 1029 on top, total 5929', async () => {
    const price = await monthlyPrice(api, 4900, { currency: 'eur', taxRate: vatExcl, nickname: 'Spa monthly + VAT' });
    const customer = await newCustomer(api, 'Exclusive', 'pm_card_visa');
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price, quantity: 2 }] });
    const [summary] = await invoicesOf(api, customer);
    const invoice = await api.ok('GET', `/v1/invoices/${summary.id}`);
    expect(invoice.lines.data[0]).toMatchObject({ quantity: 2, amount: 9800, tax_amount: 2058, total: 11858, tax_inclusive: false });
    expect(invoice).toMatchObject({ subtotal: 9800, tax: 2058, total: 11858, amount_paid: 11858, status: 'paid' });
  });

  it('one invoice mixing inclusive, exclusive and untaxed lines adds up line by line', async () => {
    const customer = await newCustomer(api, 'Mixed basket');
    const draft = await api.ok('POST', '/v1/invoices', {
      customer,
      lines: [
        { description: 'Massage (VAT incl.)', unit_amount: 4900, tax_rate: vatIncl },
        { description: 'Towel rental', unit_amount: 1000, quantity: 3, tax_rate: vatExcl },
        { description: 'Deposit', unit_amount: 2000 },
      ],
    });
    expect(draft.status).toBe('draft');
    expect(draft.lines.data.map((l: any) => [l.amount, l.tax_amount, l.total])).toEqual([
      [4900, 850, 4900],
      [3000, 630, 3630],
      [2000, 0, 2000],
    ]);
    expect(draft).toMatchObject({ subtotal: 4050 + 3000 + 2000, tax: 850 + 630, total: 4900 + 3630 + 2000 });
    const open = await api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
    expect(open).toMatchObject({ status: 'open', amount_remaining: 10530, number: expect.stringMatching(/^RIG-2027-\d{6}$/) });
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
