import { unix } from '../../../platform/http/dto.ts';
import type { creditNotes } from '../db/schema.ts';
import { bpToPercent, type InvoiceLineRow, type InvoiceRow, type LateFeeRef, lateFeeOf, payByOf } from '../index.ts';

export function invoiceLineDto(line: InvoiceLineRow) {
  return {
    id: line.id,
    object: 'line_item' as const,
    description: line.description,
    price: line.priceId,
    quantity: line.quantity,
    unit_amount: line.unitAmount,
    amount: line.amount,
    discount_amount: line.discount,
    tax_amount: line.tax,
    total: line.total,
    tax_rate: line.taxRateId,
    tax_inclusive: line.taxInclusive,
    proration: line.proration,
    period: line.periodStart ? { start: unix(line.periodStart), end: unix(line.periodEnd) } : null,
  };
}

/** The early-payment offer: on a draft the terms it will get, once finalised the snapshot with its deadline. */
export function earlyPaymentDiscountDto(row: InvoiceRow) {
  if (!row.earlyDiscountBp || row.earlyDiscountDays == null) return null;
  const finalised = row.earlyDiscountUntil !== null;
  const open = row.status === 'open' && row.discountTaken === 0;
  return {
    percent: bpToPercent(row.earlyDiscountBp),
    days: row.earlyDiscountDays,
    amount: finalised ? row.earlyDiscountAmount : null,
    pay_by: row.earlyDiscountUntil ? unix(payByOf(row.earlyDiscountUntil)) : null,
    amount_if_paid_by: finalised && open ? Math.max(row.amountRemaining - row.earlyDiscountAmount, 0) : null,
  };
}

export function lateFeeDto(fee: LateFeeRef) {
  return { invoice: fee.invoice, amount: fee.amount, status: fee.status, step: fee.step, created: unix(fee.created) };
}

export function invoiceDto(row: InvoiceRow, lines?: InvoiceLineRow[], attempts?: { count: number; next: Date | null }, lateFees?: LateFeeRef[]) {
  return {
    id: row.id,
    object: 'invoice' as const,
    customer: row.customerId,
    subscription: row.subscriptionId,
    billing_reason: row.billingReason,
    status: row.status,
    number: row.number,
    currency: row.currency,
    collection_method: row.collectionMethod,
    description: row.description,
    subtotal: row.subtotal,
    total_discount: row.discount,
    tax: row.tax,
    total: row.total,
    credit_applied: row.creditApplied,
    credit_noted: row.creditNoted,
    amount_due: Math.max(row.total - row.creditApplied, 0),
    amount_paid: row.amountPaid,
    amount_remaining: row.amountRemaining,
    early_payment_discount: earlyPaymentDiscountDto(row),
    discount_taken: row.discountTaken,
    late_fee_for: lateFeeOf(row.periodKey),
    period_start: unix(row.periodStart),
    period_end: unix(row.periodEnd),
    days_until_due: row.daysUntilDue,
    due_date: unix(row.dueDate),
    payment_plan: row.paymentPlanId,
    amount_rescheduled: row.amountRescheduled,
    ...(attempts ? { attempt_count: attempts.count, next_payment_attempt: unix(attempts.next) } : {}),
    status_transitions: {
      finalized_at: unix(row.finalizedAt),
      paid_at: unix(row.paidAt),
      voided_at: unix(row.voidedAt),
      marked_uncollectible_at: unix(row.markedUncollectibleAt),
    },
    created: unix(row.createdAt),
    ...(lines ? { lines: { object: 'list' as const, has_more: false, data: lines.map(invoiceLineDto) } } : {}),
    ...(lateFees ? { late_fees: lateFees.map(lateFeeDto) } : {}),
  };
}

export function creditNoteDto(row: typeof creditNotes.$inferSelect) {
  return {
    id: row.id,
    object: 'credit_note' as const,
    invoice: row.invoiceId,
    customer: row.customerId,
    amount: row.amount,
    currency: row.currency,
    reason: row.reason,
    memo: row.memo,
    applied_to_invoice: row.appliedToInvoice,
    credit_amount: row.creditAmount,
    created: unix(row.createdAt),
  };
}
