import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';
import type { LadderStep, PendingAction, StepActionResult } from '../domain/ladder.ts';

/** A business's reminder ladder (B7); no row means the default ladder. */
export const reminderLadders = pgTable(
  'reminder_ladders',
  {
    tenantId: tenantId(),
    steps: jsonb('steps').$type<LadderStep[]>().notNull(),
    writeOffOnHandOff: boolean('write_off_on_hand_off').notNull().default(false),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

/**
 * One row per open invoice with a due date: where it stands on the ladder. `next_step_at` is the
 * due-work column (the next step, or the moment it becomes overdue and joins a case).
 */
export const invoiceDunning = pgTable(
  'invoice_dunning',
  {
    tenantId: tenantId(),
    invoiceId: text('invoice_id').notNull(),
    customerId: text('customer_id').notNull(),
    currency: text('currency').notNull(),
    /** The invoice's due day in the client's calendar, e.g. '2026-03-16', and that calendar. */
    localDueDate: text('local_due_date').notNull(),
    timeZone: text('time_zone').notNull(),
    state: text('state').notNull(), // active | paused | finished | handed_off | closed
    /** Offset of the last step done or skipped (null: none yet); the next step is the first after it. */
    lastOffset: integer('last_offset'),
    lastStepKey: text('last_step_key'),
    nextStepAt: instant('next_step_at'),
    caseId: text('case_id'),
    /** Follow-up work done after the step's transaction (pausing a subscription, a write-off). */
    pendingActions: jsonb('pending_actions').$type<PendingAction[]>().notNull().default([]),
    /** Due-work column for the pending actions (null when there are none). */
    actionsDueAt: instant('actions_due_at'),
    closedReason: text('closed_reason'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId] }),
    index('invoice_dunning_due_idx').on(t.tenantId, t.nextStepAt).where(sql`state = 'active'`),
    index('invoice_dunning_actions_due_idx').on(t.tenantId, t.actionsDueAt).where(sql`actions_due_at is not null`),
    index('invoice_dunning_case_idx').on(t.tenantId, t.caseId),
  ],
);

/** What each ladder step did for an invoice: sent (with its messages), or skipped by a catch-up. */
export const dunningSteps = pgTable(
  'dunning_steps',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    caseId: text('case_id'),
    stepKey: text('step_key').notNull(),
    offsetDays: integer('offset_days').notNull(),
    template: text('template'),
    status: text('status').notNull(), // done | skipped
    scheduledFor: instant('scheduled_for').notNull(),
    messageIds: jsonb('message_ids').$type<string[]>().notNull().default([]),
    actions: jsonb('actions').$type<StepActionResult[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('dunning_steps_invoice_step_uq').on(t.tenantId, t.invoiceId, t.stepKey)],
);

/** A customer's overdue invoices in one currency, as the collections desk works them. */
export const collectionCases = pgTable(
  'collection_cases',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    currency: text('currency').notNull(),
    state: text('state').notNull(), // open | in_collections | closed
    openedAt: instant('opened_at').notNull(),
    handedOffAt: instant('handed_off_at'),
    writtenOff: boolean('written_off').notNull().default(false),
    closedAt: instant('closed_at'),
    closedReason: text('closed_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('collection_cases_open_uq').on(t.tenantId, t.customerId, t.currency).where(sql`state <> 'closed'`),
  ],
);

/** A follow-up a ladder step gave to a staff member (call the client, visit, ...). */
export const collectionTasks = pgTable(
  'collection_tasks',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    caseId: text('case_id'),
    invoiceId: text('invoice_id').notNull(),
    stepKey: text('step_key').notNull(),
    assigneeEmail: text('assignee_email').notNull(),
    note: text('note'),
    status: text('status').notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('collection_tasks_step_uq').on(t.tenantId, t.invoiceId, t.stepKey)],
);
