import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

// A business's registered receivers. The secret is returned once, on creation (encrypted at rest: issue 5).
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    enabledEvents: jsonb('enabled_events').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

// One event for one endpoint; unique per (endpoint, event) so a repeated outbox run adds nothing.
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastResponseStatus: integer('last_response_status'),
    lastError: text('last_error'),
    lastAttemptAt: instant('last_attempt_at'),
    nextAttemptAt: instant('next_attempt_at'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.tenantId, t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.tenantId, t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

// Every attempt, automatic or replayed, as the receiver saw it.
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    number: integer('number').notNull(),
    replay: boolean('replay').notNull().default(false),
    responseStatus: integer('response_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('webhook_attempts_delivery_idx').on(t.tenantId, t.deliveryId, t.number)],
);
