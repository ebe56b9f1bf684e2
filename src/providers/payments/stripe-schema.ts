import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../platform/db/columns.ts';

// A business's own Stripe account. The secrets are never sent back over the API.
export const stripeSettings = pgTable('stripe_settings', {
  tenantId: tenantId().primaryKey(),
  secretKey: text('secret_key').notNull(),
  webhookSecret: text('webhook_secret').notNull(),
  publishableKey: text('publishable_key').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

// Our customer -> the Stripe Customer that holds their saved cards (off-session charges need both).
export const stripeCustomers = pgTable(
  'stripe_customers',
  {
    tenantId: tenantId(),
    customerId: text('customer_id').notNull(),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId] })],
);

// Webhook events already applied: Stripe delivers at least once, so a repeat must change nothing.
export const stripeEvents = pgTable(
  'stripe_events',
  {
    tenantId: tenantId(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    outcome: text('outcome').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] })],
);
