import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

// One row per card-update link that was opened or used (the link itself is a signed token):
// the SetupIntent made for it, and when it was used, so a link works once.
export const cardUpdateLinks = pgTable(
  'card_update_links',
  {
    tenantId: tenantId(),
    nonce: text('nonce').notNull(),
    customerId: text('customer_id').notNull(),
    setupIntentId: text('setup_intent_id'),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.nonce] })],
);

// Secrets this installation generated for itself (e.g. the card-link signing key), shared by
// every process on the same database. No tenant: the installation owns them.
export const instanceSecrets = pgTable('instance_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});
