import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prorate } from './proration.ts';

const at = (iso: string) => new Date(iso);

describe('prorate', () => {
  // A 30-day UTC period: 1 April to 1 May.
  const periodStart = at('2026-04-01T00:00:00Z');
  const periodEnd = at('2026-05-01T00:00:00Z');

  it('credits and charges the unused part of the period', () => {
    // Upgrade from 30.00 to 60.00 with 10 of 30 days left.
    expect(prorate({ periodStart, periodEnd, changeAt: at('2026-04-21T00:00:00Z'), oldAmount: 3_000, newAmount: 6_000 })).toEqual({
      credit: -1_000,
      charge: 2_000,
    });
  });

  it('rounds each side half away from zero', () => {
    // 1/3 of 10 = 3.33 -> 3; 1/3 of 20 = 6.67 -> 7.
    const changeAt = at('2026-04-21T00:00:00Z');
    expect(prorate({ periodStart, periodEnd, changeAt, oldAmount: 10, newAmount: 20 })).toEqual({ credit: -3, charge: 7 });
    // Half the period of 1 unit: exactly 0.5 -> 1.
    expect(prorate({ periodStart, periodEnd, changeAt: at('2026-04-16T00:00:00Z'), oldAmount: 1, newAmount: 1 })).toEqual({ credit: -1, charge: 1 });
  });

  it('clamps the change into the period', () => {
    const before = prorate({ periodStart, periodEnd, changeAt: at('2026-03-01T00:00:00Z'), oldAmount: 3_000, newAmount: 4_500 });
    expect(before).toEqual({ credit: -3_000, charge: 4_500 });
    const after = prorate({ periodStart, periodEnd, changeAt: at('2026-06-01T00:00:00Z'), oldAmount: 3_000, newAmount: 4_500 });
    expect(after).toEqual({ credit: 0, charge: 0 });
    expect(Object.is(after.credit, 0)).toBe(true);
  });

  it('uses the real length of a DST-shortened period', () => {
    // New York, 2026-03-08 is 23 hours long: 11.5 hours left is exactly half.
    const r = prorate({
      periodStart: at('2026-03-08T05:00:00Z'),
      periodEnd: at('2026-03-09T04:00:00Z'),
      changeAt: at('2026-03-08T16:30:00Z'),
      oldAmount: 2_300,
      newAmount: 4_600,
    });
    expect(r).toEqual({ credit: -1_150, charge: 2_300 });
  });

  it('ignores milliseconds inside the second of the change', () => {
    const a = prorate({ periodStart, periodEnd, changeAt: at('2026-04-10T12:00:00.000Z'), oldAmount: 99_999, newAmount: 0 });
    const b = prorate({ periodStart, periodEnd, changeAt: at('2026-04-10T12:00:00.999Z'), oldAmount: 99_999, newAmount: 0 });
    expect(a).toEqual(b);
  });

  it('rejects empty periods and negative or fractional amounts', () => {
    const changeAt = periodStart;
    expect(() => prorate({ periodStart, periodEnd: periodStart, changeAt, oldAmount: 1, newAmount: 1 })).toThrow(RangeError);
    expect(() => prorate({ periodStart, periodEnd, changeAt, oldAmount: -1, newAmount: 1 })).toThrow(RangeError);
    expect(() => prorate({ periodStart, periodEnd, changeAt, oldAmount: 1, newAmount: 1.5 })).toThrow(RangeError);
  });

  it('stays within bounds and is exact at both ends', () => {
    const year = 366 * 86_400;
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: year }),
        fc.integer({ min: -year, max: 2 * year }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (startS, lengthS, offsetS, oldAmount, newAmount) => {
          const periodStart = new Date(startS * 1000);
          const periodEnd = new Date((startS + lengthS) * 1000);
          const changeAt = new Date((startS + offsetS) * 1000);
          const { credit, charge } = prorate({ periodStart, periodEnd, changeAt, oldAmount, newAmount });
          expect(credit).toBeLessThanOrEqual(0);
          expect(-credit).toBeLessThanOrEqual(oldAmount);
          expect(charge).toBeGreaterThanOrEqual(0);
          expect(charge).toBeLessThanOrEqual(newAmount);
          if (offsetS <= 0) expect({ credit, charge }).toEqual({ credit: -oldAmount || 0, charge: newAmount });
          if (offsetS >= lengthS) expect({ credit, charge }).toEqual({ credit: 0, charge: 0 });
          // Same price in, same price out: nothing to bill.
          const same = prorate({ periodStart, periodEnd, changeAt, oldAmount, newAmount: oldAmount });
          expect(same.credit + same.charge).toBe(0);
        },
      ),
    );
  });
});
