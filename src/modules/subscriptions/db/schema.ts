import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

export const subscriptions = pgTable(
  'subscriptions',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    status: text('status').notNull(),
    collectionMethod: text('collection_method').notNull(),
    currency: text('currency').notNull(),
    interval: text('interval').notNull(),
    intervalCount: integer('interval_count').notNull(),
    // First period's local start date (YYYY-MM-DD in the tenant's zone); its day is the anchor day.
    anchorDate: text('anchor_date').notNull(),
    timezone: text('timezone').notNull(),
    currentPeriodIndex: integer('current_period_index').notNull(),
    currentPeriodStart: instant('current_period_start').notNull(),
    currentPeriodEnd: instant('current_period_end').notNull(),
    trialEnd: instant('trial_end'),
    daysUntilDue: integer('days_until_due'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    canceledAt: instant('canceled_at'),
    pausedAt: instant('paused_at'),
    // Due-work column: when the scheduler must next look at this subscription (null = never).
    nextBillingAt: instant('next_billing_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('subscriptions_due_idx').on(t.tenantId, t.nextBillingAt).where(sql`next_billing_at is not null`),
    index('subscriptions_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const subscriptionItems = pgTable(
  'subscription_items',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    subscriptionId: text('subscription_id').notNull(),
    priceId: text('price_id').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('subscription_items_sub_idx').on(t.tenantId, t.subscriptionId)],
);
