import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountToSettle,
  bpOf,
  discountAvailable,
  earlyDiscountOffer,
  lateFeeAmount,
  lateFeeKey,
  lateFeeStep,
  pastGrace,
  percentToBp,
} from '../../src/modules/invoicing/domain/payment-terms.ts';
import { localInstant } from '../scenarios/scenario-helpers.ts';

describe('payment terms arithmetic', () => {
  it('reads percents with up to two decimals as basis points, and refuses more', () => {
    expect([2, 2.5, 1.25, 0.01, 99.99].map(percentToBp)).toEqual([200, 250, 125, 1, 9999]);
    expect(percentToBp(2.555)).toBeNull();
    expect(percentToBp(0.001)).toBeNull();
  });

  it('rounds half up in minor units', () => {
    expect(bpOf(1020, 250)).toBe(26); // 25.5
    expect(bpOf(1019, 250)).toBe(25); // 25.475
    expect(bpOf(4300, 150)).toBe(65); // 64.5
    expect(bpOf(8030, 150)).toBe(120); // 120.45
  });

  it('closes the window at the end of the last local day, across a DST change', () => {
    // Riga moves to summer time on 28 March 2027: the 11th day still ends at local midnight.
    const finalized = localInstant('2027-03-20', 'Europe/Riga', '15:00:00');
    const offer = earlyDiscountOffer({ bp: 200, days: 10 }, 10_000, finalized, 'Europe/Riga');
    expect(offer).toEqual({ bp: 200, days: 10, amount: 200, until: localInstant('2027-03-31', 'Europe/Riga') });
    expect(earlyDiscountOffer({ bp: 200, days: 10 }, 0, finalized, 'Europe/Riga')).toBeNull();
    expect(earlyDiscountOffer(null, 10_000, finalized, 'Europe/Riga')).toBeNull();
    expect(earlyDiscountOffer({ bp: 1, days: 10 }, 10, finalized, 'Europe/Riga')).toBeNull(); // rounds to nothing
  });

  it('a payment settles the invoice with the discount only inside the window and only once', () => {
    const until = new Date('2027-04-01T00:00:00Z');
    const invoice = { status: 'open', amountRemaining: 10_000, earlyDiscountAmount: 200, earlyDiscountUntil: until, discountTaken: 0 };
    expect(amountToSettle(invoice, new Date(until.getTime() - 1))).toBe(9800);
    expect(amountToSettle(invoice, until)).toBe(10_000);
    expect(discountAvailable({ ...invoice, discountTaken: 200 }, new Date(0))).toBe(0);
    expect(discountAvailable({ ...invoice, status: 'uncollectible' }, new Date(0))).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (remaining, discount) => {
        const i = { ...invoice, amountRemaining: remaining, earlyDiscountAmount: discount };
        const settle = amountToSettle(i, new Date(0));
        return settle >= 0 && settle <= remaining && remaining - settle === Math.min(discount, remaining);
      }),
    );
  });

  it('a late fee is possible only after the last grace day, in local dates', () => {
    const tz = 'Asia/Bangkok';
    const due = localInstant('2027-06-03', tz, '10:00:00');
    expect(pastGrace(due, 5, localInstant('2027-06-08', tz, '23:59:59'), tz)).toBe(false);
    expect(pastGrace(due, 5, localInstant('2027-06-09', tz, '00:00:01'), tz)).toBe(true);
    expect(pastGrace(due, 0, localInstant('2027-06-04', tz, '00:00:01'), tz)).toBe(true);
    expect(lateFeeAmount({ type: 'fixed', amount: 1500, currency: 'usd', graceDays: 5 }, { currency: 'eur', amountRemaining: 100 })).toBe(0);
    expect(lateFeeAmount({ type: 'percent', bp: 150, graceDays: 5 }, { currency: 'eur', amountRemaining: 8030 })).toBe(120);
  });

  it('names the step of a fee in its period key, even a step with a colon', () => {
    expect(lateFeeStep(lateFeeKey('in_abc', 'plus_10'))).toBe('plus_10');
    expect(lateFeeStep(lateFeeKey('in_abc', 'ladder:final'))).toBe('ladder:final');
    expect(lateFeeStep('sub_1@2027-01-01')).toBeNull();
  });
});
