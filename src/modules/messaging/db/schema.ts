import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

/** Every message Duly sends or tried to send: the record of who was told what, when, by which channel. */
export const messages = pgTable(
  'messages',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id'),
    channel: text('channel').notNull(), // email | sms | telegram
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    bodyText: text('body_text').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** What to attach, rendered at delivery time (e.g. the invoice PDF), not stored twice. */
    attachInvoiceId: text('attach_invoice_id'),
    relatedInvoiceId: text('related_invoice_id'),
    urgent: boolean('urgent').notNull().default(false),
    /** One message per recipient, subject and local day (e.g. no two reminders about one invoice on one day). */
    dedupeKey: text('dedupe_key'),
    status: text('status').notNull().default('queued'), // queued | sent | failed
    attempts: integer('attempts').notNull().default(0),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    // Due-work column: when the delivery job may (re)try; quiet hours push it to the morning.
    nextAttemptAt: instant('next_attempt_at'),
    sentAt: instant('sent_at'),
    deliveredAt: instant('delivered_at'),
    openedAt: instant('opened_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('messages_dedupe_uq').on(t.tenantId, t.dedupeKey),
    index('messages_customer_idx').on(t.tenantId, t.customerId),
    // The unsubscribe link carries a message id, looked up before the tenant is known.
    index('messages_id_idx').on(t.id),
    index('messages_due_idx').on(t.tenantId, t.nextAttemptAt).where(sql`status = 'queued'`),
  ],
);

/** Per-business channel configuration (SMTP, SMS provider, Telegram bot) and quiet hours. */
export const messagingSettings = pgTable(
  'messaging_settings',
  {
    tenantId: tenantId(),
    channel: text('channel').notNull(), // email | sms | telegram | general
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channel] })],
);
