import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
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
    /**
     * Whether the client proved the address/number is theirs (I7). Contacts staff enter are
     * trusted; a contact typed into a public form is not until the client proves it (a shared
     * Telegram contact, staff accepting their mail). Only proven contacts match across channels.
     */
    emailVerified: boolean('email_verified').notNull().default(true),
    phoneVerified: boolean('phone_verified').notNull().default(true),
    /** Set when staff merged this record into another client; it is then hidden from lists. */
    mergedIntoId: text('merged_into_id'),
    preferredLocales: jsonb('preferred_locales').$type<string[]>().notNull().default([]),
    timezone: text('timezone'),
    taxId: text('tax_id'),
    paymentTermsDays: integer('payment_terms_days'),
    creditLimit: bigint('credit_limit', { mode: 'number' }),
    /** Credit policy (B9): new one-off invoices need a paid deposit first; 'warn' lets them through with warnings, 'block' refuses. */
    prepaymentRequired: boolean('prepayment_required').notNull().default(false),
    creditPolicy: text('credit_policy').notNull().default('warn'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes'),
    /** Opted out of non-transactional messages (reminders of what is not yet due, newsletters). */
    marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Intake matches every incoming message by contact (I7); the name is for possible duplicates.
    index('customers_email_idx').on(t.tenantId, sql`lower(${t.email})`),
    index('customers_phone_idx').on(t.tenantId, t.phone),
    index('customers_name_idx').on(t.tenantId, sql`lower(${t.name})`),
  ],
);

/**
 * What the credit policy said about an invoice that it let through (policy 'warn', or a
 * subscription renewal, which is never blocked): the owner's record of billing past the limit.
 */
export const creditWarnings = pgTable(
  'credit_warnings',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    invoiceId: text('invoice_id'),
    code: text('code').notNull(),
    message: text('message').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('credit_warnings_customer_idx').on(t.tenantId, t.customerId)],
);
