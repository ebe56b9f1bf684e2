import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateProportionally, currencyExponent, isKnownCurrency, percentOf, roundHalfUp } from './money.ts';

describe('currencyExponent', () => {
  it('uses ISO 4217 minor digits, case-insensitively', () => {
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('thb')).toBe(2);
    for (const c of ['jpy', 'KRW', 'vnd']) expect(currencyExponent(c)).toBe(0);
    for (const c of ['kwd', 'bhd', 'JOD', 'omr', 'tnd']) expect(currencyExponent(c)).toBe(3);
  });
});

describe('isKnownCurrency', () => {
  it('accepts lowercase and uppercase ISO codes', () => {
    expect(isKnownCurrency('usd')).toBe(true);
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('thb')).toBe(true);
  });
  it('rejects unknown or malformed codes', () => {
    for (const c of ['xyz', 'us', 'usdd', '', 'u$d', ' usd']) expect(isKnownCurrency(c)).toBe(false);
  });
});

describe('roundHalfUp', () => {
  it('rounds ties away from zero', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(-5, 2)).toBe(-3);
    expect(roundHalfUp(1, 2)).toBe(1);
    expect(roundHalfUp(-1, 2)).toBe(-1);
    expect(roundHalfUp(5, -2)).toBe(-3);
  });
  it('rounds non-ties to the nearest integer', () => {
    expect(roundHalfUp(1, 3)).toBe(0);
    expect(roundHalfUp(2, 3)).toBe(1);
    expect(roundHalfUp(-2, 3)).toBe(-1);
    expect(roundHalfUp(-1, 3)).toBe(0);
    expect(Object.is(roundHalfUp(-1, 3), 0)).toBe(true);
    expect(roundHalfUp(9, 3)).toBe(3);
  });
  it('is exact for products beyond 2^53 when given bigints', () => {
    // 9_007_199_254_740_993 is not representable as a double.
    expect(roundHalfUp(9_007_199_254_740_993n * 2n + 1n, 4n)).toBe(4_503_599_627_370_497);
  });
  it('rejects zero denominators and non-integers', () => {
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 0.5)).toThrow(RangeError);
  });
  it('is within one half of the exact quotient and odd-symmetric', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000 }), (n, d) => {
        const r = roundHalfUp(n, d);
        // Compare 2*|n - r*d| <= d in integers to avoid float error.
        const twiceError = 2 * Math.abs(n - r * d);
        expect(twiceError).toBeLessThanOrEqual(d);
        if (twiceError === d) expect(Math.abs(r)).toBeGreaterThan(Math.abs(n / d));
        expect(roundHalfUp(-n, d)).toBe(-r || 0);
      }),
    );
  });
});

describe('percentOf', () => {
  it('takes percent in thousandths', () => {
    expect(percentOf(10_000, 7_500)).toBe(750);
    expect(percentOf(1_999, 7_000)).toBe(140); // 139.93
    expect(percentOf(10, 5_000)).toBe(1); // 0.5 rounds up
    expect(percentOf(-10, 5_000)).toBe(-1);
    expect(percentOf(12_345, 100_000)).toBe(12_345);
    expect(percentOf(12_345, 0)).toBe(0);
  });
});

describe('allocateProportionally', () => {
  it('splits evenly with the remainder to the earliest parts', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });
  it('gives the remainder to the largest fractional shares', () => {
    // Exact shares 14.2857, 28.5714, 57.1428 -> floors 14, 28, 57; one cent left goes to 28.57.
    expect(allocateProportionally(100, [1, 2, 4])).toEqual([14, 29, 57]);
  });
  it('handles zero weights and zero totals', () => {
    expect(allocateProportionally(10, [0, 5, 0])).toEqual([0, 10, 0]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    expect(allocateProportionally(0, [])).toEqual([]);
    expect(() => allocateProportionally(1, [0, 0])).toThrow(RangeError);
    expect(() => allocateProportionally(1, [])).toThrow(RangeError);
    expect(() => allocateProportionally(1, [-1, 2])).toThrow(RangeError);
  });
  it('always sums to the total with each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = allocateProportionally(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = (BigInt(total) * BigInt(weights[i] ?? 0)) / BigInt(sum);
            expect(Math.abs(p - Number(exact))).toBeLessThanOrEqual(1);
            if (weights[i] === 0) expect(p).toBe(0);
          });
        },
      ),
    );
  });
});
