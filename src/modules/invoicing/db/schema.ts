import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, money, tenantId } from '../../../platform/db/columns.ts';

export const invoices = pgTable(
  'invoices',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    subscriptionId: text('subscription_id'),
    // "One invoice per billed period": subscription id + period start; null for one-off invoices.
    periodKey: text('period_key'),
    billingReason: text('billing_reason').notNull(),
    status: text('status').notNull(),
    number: text('number'),
    currency: text('currency').notNull(),
    collectionMethod: text('collection_method').notNull(),
    subtotal: money('subtotal'),
    discount: money('discount'),
    tax: money('tax'),
    total: money('total'),
    creditApplied: money('credit_applied'),
    creditNoted: money('credit_noted'),
    amountPaid: money('amount_paid'),
    amountRemaining: money('amount_remaining'),
    periodStart: instant('period_start'),
    periodEnd: instant('period_end'),
    daysUntilDue: integer('days_until_due'),
    dueDate: instant('due_date'),
    description: text('description'),
    // Due-work column: when the next automatic charge of this invoice is due (Stripe's next_payment_attempt).
    nextPaymentAttempt: instant('next_payment_attempt'),
    // Early-payment discount (domain/payment-terms.ts). On a draft, days not null = a per-invoice
    // override (bp 0 = none); finalisation snapshots amount and deadline so later settings never change it.
    earlyDiscountBp: integer('early_discount_bp'),
    earlyDiscountDays: integer('early_discount_days'),
    earlyDiscountAmount: money('early_discount_amount'),
    /** The discount window ends here: the start of the local day after the last discount day. */
    earlyDiscountUntil: instant('early_discount_until'),
    discountTaken: money('discount_taken'),
    // Payment plans (plans module): the plan this invoice's receivable was moved into, and how much was moved.
    paymentPlanId: text('payment_plan_id'),
    amountRescheduled: money('amount_rescheduled'),
    finalizedAt: instant('finalized_at'),
    paidAt: instant('paid_at'),
    voidedAt: instant('voided_at'),
    markedUncollectibleAt: instant('marked_uncollectible_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('invoices_period_key_uq').on(t.tenantId, t.periodKey),
    uniqueIndex('invoices_number_uq').on(t.tenantId, t.number),
    index('invoices_customer_idx').on(t.tenantId, t.customerId),
    index('invoices_retry_due_idx').on(t.tenantId, t.nextPaymentAttempt).where(sql`status = 'open'`),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    priceId: text('price_id'),
    quantity: integer('quantity').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }).notNull(),
    amount: money('amount'),
    discount: money('discount'),
    tax: money('tax'),
    total: money('total'),
    taxRateId: text('tax_rate_id'),
    taxPercentMilli: integer('tax_percent_milli'),
    taxInclusive: boolean('tax_inclusive').notNull().default(false),
    proration: boolean('proration').notNull().default(false),
    periodStart: instant('period_start'),
    periodEnd: instant('period_end'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('invoice_lines_invoice_idx').on(t.tenantId, t.invoiceId)],
);

export const creditNotes = pgTable(
  'credit_notes',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    customerId: text('customer_id').notNull(),
    amount: money('amount'),
    currency: text('currency').notNull(),
    reason: text('reason'),
    memo: text('memo'),
    // How much reduced what was owed vs. how much became customer credit (invoice already paid).
    appliedToInvoice: money('applied_to_invoice'),
    creditAmount: money('credit_amount'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** A business's payment terms beyond net days (which stay on tenants.payment_terms_days). */
export const paymentTermsSettings = pgTable(
  'payment_terms_settings',
  {
    tenantId: tenantId(),
    earlyDiscountBp: integer('early_discount_bp'),
    earlyDiscountDays: integer('early_discount_days'),
    lateFeeType: text('late_fee_type'), // fixed | percent | null (no late fees)
    lateFeeAmount: bigint('late_fee_amount', { mode: 'number' }),
    lateFeeCurrency: text('late_fee_currency'),
    lateFeeBp: integer('late_fee_bp'),
    lateFeeGraceDays: integer('late_fee_grace_days'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);
