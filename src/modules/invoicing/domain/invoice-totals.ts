/**
 * Invoice arithmetic: line amounts, discounts, tax and totals, all in integer minor
 * units of the invoice currency. Tax is rounded per line, so the invoice tax is the
 * sum of line taxes and every total is the exact sum of its lines.
 *
 * Definitions (per line, then summed):
 *   amount   = quantity * unitAmount, as entered (tax-inclusive if the line is)
 *   discount = the part of the discount that applies, capped at the amount
 *   net      = amount after discount, excluding tax
 *   tax      = tax on (amount - discount)
 *   total    = net + tax (what the customer pays for the line)
 * Invoice:
 *   subtotal = sum(net + discount): the amounts before discount, excluding tax
 *   total    = subtotal - discount + tax = sum(line totals)
 * For an exclusive line subtotal contribution = amount; for an inclusive one it is the
 * amount with its tax taken out, so subtotal never contains tax.
 */
// Straight to catalog's pure domain file: its index.ts also exports ORM-backed use cases,
// which domain code must not load (CONVENTIONS rule 4).

import { DomainError } from '../../../platform/domain-error.ts';
import { MAX_AMOUNT, type Minor } from '../../../platform/money.ts';
import { computeLineTax } from '../../catalog/domain/tax.ts';

export type InvoiceLineInput = {
  unitAmount: Minor;
  /** Whole units; a credit line has a negative unitAmount, not a negative quantity. */
  quantity: number;
  /** Percent * 1000 (7% = 7000); null when the line is not taxed. */
  taxPercentMilli: number | null;
  taxInclusive: boolean;
  /** Non-negative; reduces the line before tax and is capped at the line amount. */
  discountAmount?: Minor;
};

export type InvoiceLineTotals = { amount: Minor; discount: Minor; net: Minor; tax: Minor; total: Minor };

export type InvoiceTotals = {
  lines: InvoiceLineTotals[];
  subtotal: Minor;
  discount: Minor;
  tax: Minor;
  total: Minor;
};

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

export function computeLineTotals(line: InvoiceLineInput): InvoiceLineTotals {
  assertInteger(line.unitAmount, 'unitAmount');
  assertInteger(line.quantity, 'quantity');
  if (line.quantity < 0) throw new RangeError(`quantity must be non-negative, got ${line.quantity}`);
  const requested = line.discountAmount ?? 0;
  assertInteger(requested, 'discountAmount');
  if (requested < 0) throw new RangeError(`discountAmount must be non-negative, got ${requested}`);

  // `|| 0` turns the -0 of (negative unit amount * 0) into 0 so equality checks hold.
  const amount = line.unitAmount * line.quantity || 0;
  assertInteger(amount, 'amount');
  // Capping (as Stripe does for amount-off coupons) keeps a line from turning into a
  // credit because of a coupon; a credit line (amount <= 0) takes no discount at all.
  const discount = Math.min(requested, Math.max(amount, 0));
  const discounted = amount - discount;
  if (line.taxPercentMilli === null) {
    return { amount, discount, net: discounted, tax: 0, total: discounted };
  }
  const { net, tax, gross } = computeLineTax(discounted, line.taxPercentMilli, line.taxInclusive);
  return { amount, discount, net, tax, total: gross };
}

/**
 * Refuses lines whose amounts no invoice can hold, before any arithmetic could lose precision:
 * a price at the maximum times a large quantity is a caller's mistake, not a server fault.
 */
export function assertInvoiceable(lines: readonly Pick<InvoiceLineInput, 'unitAmount' | 'quantity'>[]): void {
  let sum = 0;
  for (const line of lines) {
    const amount = Math.abs(line.unitAmount) * line.quantity;
    sum += amount;
    if (amount > MAX_AMOUNT || sum > MAX_AMOUNT) {
      throw new DomainError('amount_out_of_range', `The lines add up to more than one invoice can hold (${MAX_AMOUNT} minor units).`);
    }
  }
}

export function computeInvoiceTotals(lines: readonly InvoiceLineInput[]): InvoiceTotals {
  assertInvoiceable(lines);
  const computed = lines.map(computeLineTotals);
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  let total = 0;
  for (const l of computed) {
    subtotal += l.net + l.discount;
    discount += l.discount;
    tax += l.tax;
    total += l.total;
  }
  return { lines: computed, subtotal, discount, tax, total };
}

/**
 * Applies the customer's credit balance to an invoice total.
 * creditApplied is the change to the credit balance: positive when credit pays part of
 * the invoice, negative when a negative total (net credit, e.g. a downgrade) is added to
 * the balance. amountDue is never negative and creditApplied + amountDue = total.
 */
export function applyCredit(total: Minor, creditAvailable: Minor): { creditApplied: Minor; amountDue: Minor } {
  assertInteger(total, 'total');
  assertInteger(creditAvailable, 'creditAvailable');
  if (creditAvailable < 0) throw new RangeError(`creditAvailable must be non-negative, got ${creditAvailable}`);
  if (total <= 0) return { creditApplied: total, amountDue: 0 };
  const creditApplied = Math.min(total, creditAvailable);
  return { creditApplied, amountDue: total - creditApplied };
}
