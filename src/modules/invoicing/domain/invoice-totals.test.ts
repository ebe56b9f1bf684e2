import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCredit, computeInvoiceTotals, computeLineTotals, type InvoiceLineInput } from './invoice-totals.ts';

const line = (overrides: Partial<InvoiceLineInput>): InvoiceLineInput => ({
  unitAmount: 1_000,
  quantity: 1,
  taxPercentMilli: null,
  taxInclusive: false,
  ...overrides,
});

describe('computeLineTotals', () => {
  it('multiplies quantity by unit amount and adds exclusive tax after discount', () => {
    expect(computeLineTotals(line({ unitAmount: 2_500, quantity: 4, taxPercentMilli: 7_000, discountAmount: 1_000 }))).toEqual({
      amount: 10_000,
      discount: 1_000,
      net: 9_000,
      tax: 630,
      total: 9_630,
    });
  });

  it('extracts inclusive tax from the discounted gross', () => {
    expect(computeLineTotals(line({ unitAmount: 10_700, taxPercentMilli: 7_000, taxInclusive: true, discountAmount: 0 }))).toEqual({
      amount: 10_700,
      discount: 0,
      net: 10_000,
      tax: 700,
      total: 10_700,
    });
    expect(computeLineTotals(line({ unitAmount: 11_770, taxPercentMilli: 7_000, taxInclusive: true, discountAmount: 1_070 }))).toEqual({
      amount: 11_770,
      discount: 1_070,
      net: 10_000,
      tax: 700,
      total: 10_700,
    });
  });

  it('caps the discount at the line amount and gives credit lines none', () => {
    expect(computeLineTotals(line({ unitAmount: 500, taxPercentMilli: 7_000, discountAmount: 2_000 }))).toEqual({
      amount: 500,
      discount: 500,
      net: 0,
      tax: 0,
      total: 0,
    });
    expect(computeLineTotals(line({ unitAmount: -500, discountAmount: 100 })).discount).toBe(0);
  });

  it('taxes a negative proration credit negatively', () => {
    expect(computeLineTotals(line({ unitAmount: -1_550, taxPercentMilli: 10_000 }))).toEqual({
      amount: -1_550,
      discount: 0,
      net: -1_550,
      tax: -155,
      total: -1_705,
    });
  });

  it('rejects bad inputs', () => {
    expect(() => computeLineTotals(line({ quantity: -1 }))).toThrow(RangeError);
    expect(() => computeLineTotals(line({ quantity: 1.5 }))).toThrow(RangeError);
    expect(() => computeLineTotals(line({ unitAmount: 0.1 }))).toThrow(RangeError);
    expect(() => computeLineTotals(line({ discountAmount: -1 }))).toThrow(RangeError);
  });
});

describe('computeInvoiceTotals', () => {
  it('totals a mixed invoice with a proration credit', () => {
    const totals = computeInvoiceTotals([
      line({ unitAmount: 3_000, quantity: 2, taxPercentMilli: 7_000, discountAmount: 600 }), // 5400 + 378
      line({ unitAmount: 10_700, taxPercentMilli: 7_000, taxInclusive: true }), // 10000 + 700
      line({ unitAmount: -1_000, taxPercentMilli: 7_000 }), // -1000 - 70
      line({ unitAmount: 250, quantity: 3 }), // untaxed 750
    ]);
    expect(totals.subtotal).toBe(6_000 + 10_000 - 1_000 + 750);
    expect(totals.discount).toBe(600);
    expect(totals.tax).toBe(378 + 700 - 70);
    expect(totals.total).toBe(5_778 + 10_700 - 1_070 + 750);
  });

  it('returns zeros for an empty invoice', () => {
    expect(computeInvoiceTotals([])).toEqual({ lines: [], subtotal: 0, discount: 0, tax: 0, total: 0 });
  });

  it('keeps total = sum(line totals) = subtotal - discount + tax', () => {
    const arbLine = fc.record({
      unitAmount: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      quantity: fc.integer({ min: 0, max: 100 }),
      taxPercentMilli: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }),
      taxInclusive: fc.boolean(),
      discountAmount: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 15 }), (lines) => {
        const t = computeInvoiceTotals(lines);
        expect(t.total).toBe(t.lines.reduce((a, l) => a + l.total, 0));
        expect(t.total).toBe(t.subtotal - t.discount + t.tax);
        for (const [i, l] of t.lines.entries()) {
          const input = lines[i]!;
          expect(l.amount).toBe(input.unitAmount * input.quantity || 0);
          expect(l.net + l.tax).toBe(l.total);
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.discount).toBeLessThanOrEqual(Math.max(l.amount, 0));
          if (input.taxPercentMilli === null) expect(l.tax).toBe(0);
          // Tax follows the sign of the taxed amount.
          expect(Math.sign(l.tax) * Math.sign(l.amount - l.discount)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('applyCredit', () => {
  it('uses credit up to the total', () => {
    expect(applyCredit(10_000, 2_500)).toEqual({ creditApplied: 2_500, amountDue: 7_500 });
    expect(applyCredit(10_000, 50_000)).toEqual({ creditApplied: 10_000, amountDue: 0 });
    expect(applyCredit(10_000, 0)).toEqual({ creditApplied: 0, amountDue: 10_000 });
    expect(applyCredit(0, 500)).toEqual({ creditApplied: 0, amountDue: 0 });
  });

  it('turns a negative total into credit instead of a negative amount due', () => {
    expect(applyCredit(-1_200, 300)).toEqual({ creditApplied: -1_200, amountDue: 0 });
  });

  it('rejects negative credit balances', () => {
    expect(() => applyCredit(100, -1)).toThrow(RangeError);
  });

  it('never leaves a negative amount due and conserves the total', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (total, credit) => {
        const r = applyCredit(total, credit);
        expect(r.amountDue).toBeGreaterThanOrEqual(0);
        expect(r.creditApplied + r.amountDue).toBe(total);
        expect(r.creditApplied).toBeLessThanOrEqual(credit);
      }),
    );
  });
});
