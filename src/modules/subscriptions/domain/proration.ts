/**
 * Proration for a mid-period price change: credit the unused part of what was paid and
 * charge the unused part at the new price. Time is measured in whole seconds (as Stripe
 * does), so a period made longer or shorter by DST is prorated by its real length.
 */
import { type Minor, roundHalfUp } from '../../../platform/money.ts';

export type ProrationParams = {
  periodStart: Date;
  periodEnd: Date;
  /** Clamped into the period: a change before it credits everything, after it nothing. */
  changeAt: Date;
  /** Amount already billed for the whole period at the old price (>= 0). */
  oldAmount: Minor;
  /** Amount the whole period would cost at the new price (>= 0). */
  newAmount: Minor;
};

export type Proration = { credit: Minor /* <= 0 */; charge: Minor /* >= 0 */ };

const toSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function prorate(params: ProrationParams): Proration {
  const { oldAmount, newAmount } = params;
  for (const [name, v] of [
    ['oldAmount', oldAmount],
    ['newAmount', newAmount],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  const start = toSeconds(params.periodStart);
  const end = toSeconds(params.periodEnd);
  if (!(end > start)) throw new RangeError('periodEnd must be at least one second after periodStart');
  const change = Math.min(Math.max(toSeconds(params.changeAt), start), end);
  const unused = BigInt(end - change);
  const total = BigInt(end - start);
  // Each side rounds on its own: the credit must mirror what an identical charge would
  // have been, so a change to the same price nets to exactly zero.
  const credit = roundHalfUp(BigInt(oldAmount) * unused, total);
  const charge = roundHalfUp(BigInt(newAmount) * unused, total);
  return { credit: 0 - credit, charge };
}
