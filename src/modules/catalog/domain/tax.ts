/**
 * Tax on one line. Rates are percent * 1000 (7% = 7000, 7.25% = 7250) so they stay
 * integers. Rounding is per line, through the one rounding function, which is what
 * most tax authorities (and Stripe) expect for invoice lines.
 */
import { type Minor, roundHalfUp } from '../../../platform/money.ts';

export type LineTax = { net: Minor; tax: Minor; gross: Minor };

const HUNDRED_PERCENT_MILLI = 100_000n;

/**
 * Exclusive: `amount` is net and tax is added on top.
 * Inclusive: `amount` is gross and the tax inside it is gross * p / (100% + p).
 * Either way net + tax = gross exactly, and a negative amount (a credit) gets the exact
 * negative of the tax its positive counterpart would get.
 */
export function computeLineTax(amount: Minor, percentMilli: number, inclusive: boolean): LineTax {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be an integer, got ${amount}`);
  if (!Number.isSafeInteger(percentMilli) || percentMilli < 0) {
    throw new RangeError(`percentMilli must be a non-negative integer, got ${percentMilli}`);
  }
  const p = BigInt(percentMilli);
  if (inclusive) {
    const tax = roundHalfUp(BigInt(amount) * p, HUNDRED_PERCENT_MILLI + p);
    return { net: amount - tax, tax, gross: amount };
  }
  const tax = roundHalfUp(BigInt(amount) * p, HUNDRED_PERCENT_MILLI);
  return { net: amount, tax, gross: amount + tax };
}
