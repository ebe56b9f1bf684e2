import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant, money, tenantId } from '../../../platform/db/columns.ts';

/** A payment plan: a customer's receivable moved from some invoices into instalment invoices. */
export const paymentPlans = pgTable(
  'payment_plans',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    currency: text('currency').notNull(),
    /** Stored state (payment-plan.machine.ts); 'completed' is read off the instalments. */
    status: text('status').notNull(),
    amount: money('amount'),
    collectionMethod: text('collection_method').notNull(),
    canceledAt: instant('canceled_at'),
    /** On cancel, the invoice that took over what was still unpaid. */
    remainderInvoiceId: text('remainder_invoice_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('payment_plans_customer_idx').on(t.tenantId, t.customerId)],
);

/** The invoices of a plan: the originals whose receivable moved in, and the instalments. */
export const paymentPlanInvoices = pgTable(
  'payment_plan_invoices',
  {
    tenantId: tenantId(),
    planId: text('plan_id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    role: text('role').notNull(), // original | instalment
    /** For an instalment 1..N; 0 for an original. */
    position: integer('position').notNull(),
    amount: money('amount'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.planId, t.invoiceId] }), index('payment_plan_invoices_invoice_idx').on(t.tenantId, t.invoiceId)],
);
