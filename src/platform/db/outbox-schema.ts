import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from './columns.ts';

// Side effects committed with the state change; delivered afterwards by the outbox job.
export const outbox = pgTable(
  'outbox',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: instant('next_attempt_at'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('outbox_due_idx').on(t.tenantId, t.nextAttemptAt).where(sql`status = 'pending'`)],
);
