import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLineTax } from './tax.ts';

describe('computeLineTax', () => {
  it('adds exclusive tax on top of the amount', () => {
    expect(computeLineTax(10_000, 7_000, false)).toEqual({ net: 10_000, tax: 700, gross: 10_700 });
    expect(computeLineTax(1_999, 7_250, false)).toEqual({ net: 1_999, tax: 145, gross: 2_144 }); // 144.93
    expect(computeLineTax(10, 5_000, false)).toEqual({ net: 10, tax: 1, gross: 11 }); // 0.5 rounds up
  });

  it('extracts inclusive tax from the gross amount', () => {
    // Thai VAT 7%: 107.00 gross contains exactly 7.00.
    expect(computeLineTax(10_700, 7_000, true)).toEqual({ net: 10_000, tax: 700, gross: 10_700 });
    // 21% of 121.00 gross is 21.00, not 25.41 (a units mistake would give the latter).
    expect(computeLineTax(12_100, 21_000, true)).toEqual({ net: 10_000, tax: 2_100, gross: 12_100 });
    // 100.00 at 7%: 6.5420... -> 6.54
    expect(computeLineTax(10_000, 7_000, true)).toEqual({ net: 9_346, tax: 654, gross: 10_000 });
  });

  it('gives credits (negative amounts) negative tax mirroring the charge', () => {
    expect(computeLineTax(-10_000, 7_000, false)).toEqual({ net: -10_000, tax: -700, gross: -10_700 });
    expect(computeLineTax(-10, 5_000, false)).toEqual({ net: -10, tax: -1, gross: -11 });
    expect(computeLineTax(-10_000, 7_000, true)).toEqual({ net: -9_346, tax: -654, gross: -10_000 });
  });

  it('charges no tax at 0% or on zero amounts', () => {
    expect(computeLineTax(5_000, 0, false)).toEqual({ net: 5_000, tax: 0, gross: 5_000 });
    expect(computeLineTax(5_000, 0, true)).toEqual({ net: 5_000, tax: 0, gross: 5_000 });
    expect(computeLineTax(0, 7_000, true)).toEqual({ net: 0, tax: 0, gross: 0 });
  });

  it('rejects fractional amounts and negative or fractional rates', () => {
    expect(() => computeLineTax(1.5, 7_000, false)).toThrow(RangeError);
    expect(() => computeLineTax(100, -1, false)).toThrow(RangeError);
    expect(() => computeLineTax(100, 7.5, false)).toThrow(RangeError);
  });

  it('keeps net + tax = gross, is odd-symmetric, and inclusive round-trips exclusive within a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), fc.integer({ min: 0, max: 50_000 }), fc.boolean(), (amount, p, inclusive) => {
        const r = computeLineTax(amount, p, inclusive);
        expect(r.net + r.tax).toBe(r.gross);
        expect(inclusive ? r.gross : r.net).toBe(amount);
        const mirror = computeLineTax(-amount, p, inclusive);
        expect(mirror.tax).toBe(-r.tax || 0);
        if (!inclusive) {
          // Extracting tax from the gross we just built gives back the net, within rounding.
          const back = computeLineTax(r.gross, p, true);
          expect(Math.abs(back.net - amount)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
