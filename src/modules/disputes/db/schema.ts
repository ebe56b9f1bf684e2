import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, money, tenantId } from '../../../platform/db/columns.ts';
import type { DisputeState } from '../domain/dispute.machine.ts';
import type { Evidence } from '../domain/dispute.ts';

// A chargeback on one payment. The invoice stays paid whatever happens: the money moves in the
// ledger (disputes, dispute_fees, chargeback_losses), not on the invoice.
export const disputes = pgTable(
  'disputes',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    paymentId: text('payment_id').notNull(),
    invoiceId: text('invoice_id'),
    customerId: text('customer_id').notNull(),
    amount: money('amount'),
    currency: text('currency').notNull(),
    fee: money('fee'),
    feeReturned: boolean('fee_returned').notNull().default(false),
    reason: text('reason').notNull(),
    status: text('status').$type<DisputeState>().notNull(),
    // The gateway's id (Stripe's dp_...): a repeated webhook finds the dispute it already made.
    gatewayDisputeId: text('gateway_dispute_id'),
    evidence: jsonb('evidence').$type<Evidence>().notNull().default({}),
    evidenceDueBy: instant('evidence_due_by').notNull(),
    evidenceSubmittedAt: instant('evidence_submitted_at'),
    outcome: text('outcome'),
    closedAt: instant('closed_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('disputes_gateway_uq').on(t.tenantId, t.gatewayDisputeId),
    index('disputes_payment_idx').on(t.tenantId, t.paymentId),
    index('disputes_open_invoice_idx').on(t.tenantId, t.invoiceId).where(sql`status in ('needs_response', 'under_review')`),
    index('disputes_customer_idx').on(t.tenantId, t.customerId),
  ],
);
