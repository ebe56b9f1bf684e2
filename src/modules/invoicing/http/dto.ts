import { unix } from '../../../platform/http/dto.ts';
import type { creditNotes } from '../db/schema.ts';
import type { InvoiceLineRow, InvoiceRow } from '../index.ts';

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

export function invoiceDto(row: InvoiceRow, lines?: InvoiceLineRow[], attempts?: { count: number; next: Date | null }) {
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
    period_start: unix(row.periodStart),
    period_end: unix(row.periodEnd),
    days_until_due: row.daysUntilDue,
    due_date: unix(row.dueDate),
    ...(attempts ? { attempt_count: attempts.count, next_payment_attempt: unix(attempts.next) } : {}),
    status_transitions: {
      finalized_at: unix(row.finalizedAt),
      paid_at: unix(row.paidAt),
      voided_at: unix(row.voidedAt),
      marked_uncollectible_at: unix(row.markedUncollectibleAt),
    },
    created: unix(row.createdAt),
    ...(lines ? { lines: { object: 'list' as const, has_more: false, data: lines.map(invoiceLineDto) } } : {}),
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
