import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../../platform/db/columns.ts';

// The sandbox gateway's own books, as a real gateway would keep them on its side.
// Keyed by the caller's idempotency key: a repeated call returns the first outcome.
export const sandboxCharges = pgTable('sandbox_charges', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  chargeId: text('charge_id').notNull().unique(),
  token: text('token').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  status: text('status').notNull(),
  declineCode: text('decline_code'),
  amountRefunded: bigint('amount_refunded', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
});

export const sandboxRefunds = pgTable('sandbox_refunds', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  refundId: text('refund_id').notNull().unique(),
  chargeId: text('charge_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
});
