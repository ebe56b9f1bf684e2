import { creditAppliedPostings, invoicePostings, type Posting } from '../../ledger/domain/postings.ts';
import { transitionInvoice } from './invoice.machine.ts';
import { applyCredit } from './invoice-totals.ts';
import { type EarlyDiscountTerms, earlyDiscountOffer } from './payment-terms.ts';

const DAY_MS = 86_400_000;

export type FinalizationInput = {
  total: number;
  subtotal: number;
  discount: number;
  tax: number;
  collectionMethod: string;
  daysUntilDue: number | null;
  termsDays: number;
  creditAvailable: number;
  now: Date;
  /** Early-payment terms in force for this invoice (the draft's override or the business's), and where the business is. */
  earlyDiscount?: EarlyDiscountTerms | null;
  timeZone?: string;
  billingReason?: string;
};

export type Finalization = {
  status: 'open' | 'paid';
  creditApplied: number;
  amountRemaining: number;
  daysUntilDue: number;
  dueDate: Date;
  paidAt: Date | null;
  earlyDiscount: { bp: number; days: number; amount: number; until: Date } | null;
  /** The receivable and revenue, then the credit applied: two journal entries. */
  invoiceJournal: Posting[];
  creditJournal: Posting[];
};

/**
 * What finalising an invoice means in figures, computed once for the single and the batch path:
 * credit is applied first, autopay invoices are due at once, others after the payment terms.
 */
export function finalization(input: FinalizationInput): Finalization {
  const opened = transitionInvoice('draft', 'finalize').next as 'open';
  const { creditApplied, amountDue } = applyCredit(input.total, Math.max(input.creditAvailable, 0));
  const daysUntilDue = input.collectionMethod === 'send_invoice' ? (input.daysUntilDue ?? input.termsDays) : 0;
  const settled = amountDue === 0;
  return {
    status: settled ? (transitionInvoice(opened, 'pay').next as 'paid') : opened,
    creditApplied,
    amountRemaining: amountDue,
    daysUntilDue,
    dueDate: new Date(input.now.getTime() + daysUntilDue * DAY_MS),
    paidAt: settled ? input.now : null,
    earlyDiscount: earlyDiscountOffer(input.earlyDiscount ?? null, amountDue, input.now, input.timeZone ?? 'UTC'),
    invoiceJournal: invoicePostings(input.total, input.subtotal - input.discount, input.tax, revenueAccountFor(input.billingReason)),
    creditJournal: creditAppliedPostings(creditApplied),
  };
}

/** The invoice columns a finalisation sets, for the single (update) and the batch (insert) path. */
export function finalizedColumns(f: Finalization, number: string, now: Date) {
  return {
    status: f.status,
    number,
    creditApplied: f.creditApplied,
    amountRemaining: f.amountRemaining,
    daysUntilDue: f.daysUntilDue,
    dueDate: f.dueDate,
    finalizedAt: now,
    paidAt: f.paidAt,
    earlyDiscountBp: f.earlyDiscount?.bp ?? null,
    earlyDiscountDays: f.earlyDiscount?.days ?? null,
    earlyDiscountAmount: f.earlyDiscount?.amount ?? 0,
    earlyDiscountUntil: f.earlyDiscount?.until ?? null,
  };
}

/** Late fees are income of their own, apart from sales revenue. */
export function revenueAccountFor(billingReason: string | undefined): 'revenue' | 'late_fee_income' | 'customer_deposits' {
  // A deposit invoice (plans module) holds the amount as a deposit, not revenue: voiding it reverses that.
  if (billingReason === 'deposit') return 'customer_deposits';
  return billingReason === 'late_fee' ? 'late_fee_income' : 'revenue';
}
