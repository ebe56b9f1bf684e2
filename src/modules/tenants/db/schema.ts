import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from '../../../platform/db/columns.ts';

// The root of isolation: not itself tenant-scoped by row-level security.
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  mode: text('mode').notNull(), // 'live' | 'test'
  currency: text('currency').notNull(),
  timezone: text('timezone').notNull(),
  locale: text('locale').notNull(),
  invoicePrefix: text('invoice_prefix').notNull(),
  paymentTermsDays: integer('payment_terms_days').notNull().default(14),
  // Gapless numbering: the last number handed out, bumped in the finalising transaction.
  lastInvoiceNumber: bigint('last_invoice_number', { mode: 'number' }).notNull().default(0),
  /** Where Duly tells the owner what needs them (a failed payment, a hand-off). */
  ownerEmail: text('owner_email'),
  // Branding and details printed on invoices and statements.
  addressLines: jsonb('address_lines').$type<string[]>().notNull().default([]),
  taxId: text('tax_id'),
  brandColor: text('brand_color'),
  /** PNG or JPEG, base64; small (the API caps it at 200 KB). */
  logoBase64: text('logo_base64'),
  // Test-mode tenants live on their own clock; null means "now".
  testClockAt: instant('test_clock_at'),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    keyPrefix: text('key_prefix').notNull(),
    /** What the owner calls it ("Zapier", "accounting export"); the first key has none. */
    name: text('name'),
    createdAt: createdAt(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenantId)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
