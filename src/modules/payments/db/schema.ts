import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, money, tenantId } from '../../../platform/db/columns.ts';

export const paymentMethods = pgTable(
  'payment_methods',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    gateway: text('gateway').notNull(),
    // Only the gateway's token and display facts are stored, never a card number (S1).
    gatewayToken: text('gateway_token').notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    detachedAt: instant('detached_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('payment_methods_customer_idx').on(t.tenantId, t.customerId)],
);

export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    customerId: text('customer_id').notNull(),
    attemptNumber: integer('attempt_number').notNull(),
    paymentMethodId: text('payment_method_id').notNull(),
    amount: money('amount'),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    // Sent with every gateway call for this attempt, so a repeat after a crash is harmless.
    idempotencyKey: text('idempotency_key').notNull(),
    gatewayChargeId: text('gateway_charge_id'),
    declineCode: text('decline_code'),
    declineKind: text('decline_kind'),
    failureMessage: text('failure_message'),
    // Due-work column: a pending attempt is (re)sent to the gateway when this passes.
    nextCheckAt: instant('next_check_at'),
    completedAt: instant('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('payment_attempts_number_uq').on(t.tenantId, t.invoiceId, t.attemptNumber),
    index('payment_attempts_due_idx').on(t.tenantId, t.nextCheckAt).where(sql`status = 'pending'`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    invoiceId: text('invoice_id'),
    attemptId: text('attempt_id'),
    method: text('method').notNull(), // card | cash | bank_transfer | other
    amount: money('amount'),
    amountApplied: money('amount_applied'),
    amountToCredit: money('amount_to_credit'),
    amountRefunded: money('amount_refunded'),
    currency: text('currency').notNull(),
    reference: text('reference'),
    receivedAt: instant('received_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('payments_attempt_uq').on(t.tenantId, t.attemptId),
    index('payments_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    paymentId: text('payment_id').notNull(),
    customerId: text('customer_id').notNull(),
    amount: money('amount'),
    currency: text('currency').notNull(),
    reason: text('reason'),
    status: text('status').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    gatewayRefundId: text('gateway_refund_id'),
    failureMessage: text('failure_message'),
    // Due-work column: a pending gateway refund is (re)sent when this passes.
    nextCheckAt: instant('next_check_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('refunds_due_idx').on(t.tenantId, t.nextCheckAt).where(sql`status = 'pending'`)],
);

/** A business's retry policy (GET/POST /v1/settings/retry_policy); no row = the defaults. */
export const retryPolicySettings = pgTable(
  'retry_policy_settings',
  {
    tenantId: tenantId(),
    strategy: text('strategy').notNull(), // smart | fixed
    maxRetries: integer('max_retries').notNull(),
    windowDays: integer('window_days').notNull(),
    intervalDays: integer('interval_days').notNull(),
    retryHardDeclines: boolean('retry_hard_declines').notNull().default(false),
    onExhausted: text('on_exhausted').notNull(), // unpaid | paused | canceled
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);
