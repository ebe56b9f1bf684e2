import { roundHalfUp } from '../../../platform/money.ts';
import { addDaysLocal, compareLocalDates, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';

/**
 * Payment terms beyond "net N days": the early-payment discount ("2/10 net 30": 2 % off when
 * paid within 10 days) and the late fee (fixed or percent, after a grace period). Percentages
 * are integer basis points (2 % = 200, 1.25 % = 125) so no float ever touches money.
 */
export type EarlyDiscountTerms = { bp: number; days: number };
export type LateFeeTerms = ({ type: 'fixed'; amount: number; currency: string } | { type: 'percent'; bp: number }) & { graceDays: number };

export const BP_PER_UNIT = 10_000;

/** A percent given with up to two decimals (2.5) as basis points (250); null if it has more. */
export function percentToBp(percent: number): number | null {
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

export const bpToPercent = (bp: number): number => bp / 100;

/** `amount * bp / 10000`, rounded half up in minor units. */
export const bpOf = (amount: number, bp: number): number => roundHalfUp(BigInt(amount) * BigInt(bp), BP_PER_UNIT);

/**
 * The business's discount applies to ordinary invoices (one-off and subscription). Late fees,
 * deposits and plan instalments never get it: a discount on a fee or on an agreed plan makes no sense.
 */
export function getsBusinessDiscount(billingReason: string): boolean {
  return !['late_fee', 'deposit', 'instalment'].includes(billingReason);
}

export type EarlyDiscountOffer = { bp: number; days: number; amount: number; until: Date };

/**
 * The offer printed on an invoice finalised at `finalizedAt`: the discount on what is due, and
 * the instant the window closes, which is the end of the last discount day where the business is
 * (finalised on the 1st with 10 days: paid any time on the 11th, local time, still counts).
 */
export function earlyDiscountOffer(terms: EarlyDiscountTerms | null, amountDue: number, finalizedAt: Date, timeZone: string): EarlyDiscountOffer | null {
  if (!terms || terms.bp <= 0 || amountDue <= 0) return null;
  const amount = bpOf(amountDue, terms.bp);
  if (amount <= 0) return null;
  const lastDay = addDaysLocal(toLocalDate(finalizedAt, timeZone), terms.days);
  return { bp: terms.bp, days: terms.days, amount, until: localMidnightToInstant(addDaysLocal(lastDay, 1), timeZone) };
}

export type DiscountableInvoice = {
  status: string;
  amountRemaining: number;
  earlyDiscountAmount?: number | null;
  earlyDiscountUntil?: Date | null;
  discountTaken?: number | null;
};

/** The discount a payment made at `at` may still take: none once taken, after the window, or off an unpaid-able invoice. */
export function discountAvailable(invoice: DiscountableInvoice, at: Date): number {
  const amount = invoice.earlyDiscountAmount ?? 0;
  if (invoice.status !== 'open' || amount <= 0 || (invoice.discountTaken ?? 0) > 0) return 0;
  if (!invoice.earlyDiscountUntil || at.getTime() >= invoice.earlyDiscountUntil.getTime()) return 0;
  return Math.min(amount, invoice.amountRemaining);
}

/** What settles the invoice in full if paid at `at` (the discounted amount inside the window). */
export function amountToSettle(invoice: DiscountableInvoice, at: Date): number {
  return invoice.amountRemaining - discountAvailable(invoice, at);
}

/** The last moment the offer holds, for people: one second before the window closes. */
export const payByOf = (until: Date): Date => new Date(until.getTime() - 1000);

/** The fee on an overdue invoice: fixed, or a percent of what is still owed; 0 when not applicable. */
export function lateFeeAmount(fee: LateFeeTerms, invoice: { currency: string; amountRemaining: number }): number {
  if (fee.type === 'percent') return bpOf(invoice.amountRemaining, fee.bp);
  return fee.currency === invoice.currency ? fee.amount : 0;
}

/** True once the grace period is over: due on the 1st with 5 grace days, a fee is possible from the 7th (local dates). */
export function pastGrace(dueDate: Date, graceDays: number, now: Date, timeZone: string): boolean {
  const lastGraceDay = addDaysLocal(toLocalDate(dueDate, timeZone), graceDays);
  return compareLocalDates(toLocalDate(now, timeZone), lastGraceDay) > 0;
}

/** The invoice period key of a late fee, unique per tenant: a second fee for the same step cannot be written. */
export const lateFeeKey = (invoiceId: string, stepKey: string): string => `late_fee:${invoiceId}:${stepKey}`;

/** The invoice and step a late fee's period key names (null for any other invoice). */
export function lateFeeOf(periodKey: string | null): { invoice: string; step: string } | null {
  if (!periodKey?.startsWith('late_fee:')) return null;
  const end = periodKey.indexOf(':', 'late_fee:'.length);
  return { invoice: periodKey.slice('late_fee:'.length, end), step: periodKey.slice(end + 1) };
}

export const lateFeeStep = (periodKey: string | null): string | null => lateFeeOf(periodKey)?.step ?? null;
