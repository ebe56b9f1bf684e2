import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from '../../../platform/db/columns.ts';

export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    telegram: text('telegram'),
    preferredLocales: jsonb('preferred_locales').$type<string[]>().notNull().default([]),
    timezone: text('timezone'),
    taxId: text('tax_id'),
    paymentTermsDays: integer('payment_terms_days'),
    creditLimit: bigint('credit_limit', { mode: 'number' }),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes'),
    /** Opted out of non-transactional messages (reminders of what is not yet due, newsletters). */
    marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
