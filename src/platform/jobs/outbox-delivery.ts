import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context.ts';
import { outbox } from '../db/outbox-schema.ts';
import { inTenantTx, type Tx } from '../db/tx.ts';

export type OutboxRow = typeof outbox.$inferSelect;
/**
 * A subscriber to outbox topics (messaging, webhooks). It runs inside the delivery transaction,
 * so it should only record its own follow-up work there (a message row, a webhook delivery row)
 * and leave network calls to its own job. It must be idempotent: it may see a row twice.
 */
export type OutboxHandler = (tx: Tx, row: OutboxRow) => Promise<void>;

const handlers = new Map<string, OutboxHandler[]>();

/** Subscribes to one topic, or to every topic with '*'. */
export function onOutboxTopic(topic: string, handler: OutboxHandler): void {
  const current = handlers.get(topic) ?? [];
  // Registering twice (several apps in one process, as in tests) must not deliver twice.
  if (!current.includes(handler)) handlers.set(topic, [...current, handler]);
}

const BATCH = 500;
const MAX_ATTEMPTS = 12;

/**
 * Hands committed side effects to their subscribers, with exponential back-off on failure.
 * Rows stay in the table as the record of what was announced and when it went out.
 */
export async function deliverOutbox(ctx: AppContext, tenant: { id: string; now: Date }): Promise<number> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantId, tenant.id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, tenant.now)))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const delivered: string[] = [];
    for (const row of due) if (await deliverOne(tx, row, tenant.now)) delivered.push(row.id);
    if (delivered.length > 0) {
      await tx
        .update(outbox)
        .set({ status: 'delivered', deliveredAt: tenant.now, attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: null })
        .where(and(eq(outbox.tenantId, tenant.id), inArray(outbox.id, delivered)));
    }
    return due.length;
  });
}

/** Hands one row to its subscribers; true when all took it, false when it was rescheduled. */
async function deliverOne(tx: Tx, row: OutboxRow, now: Date): Promise<boolean> {
  const where = and(eq(outbox.tenantId, row.tenantId), eq(outbox.id, row.id));
  const subscribers = [...(handlers.get(row.topic) ?? []), ...(handlers.get('*') ?? [])];
  if (subscribers.length === 0) return true;
  try {
    // A savepoint: a subscriber that fails leaves no half-written rows and the batch goes on.
    await tx.transaction(async (sp) => {
      for (const handler of subscribers) await handler(sp, row);
    });
    return true;
  } catch (error) {
    const attempts = row.attempts + 1;
    const backoffMs = Math.min(2 ** attempts * 30_000, 6 * 3_600_000);
    await tx
      .update(outbox)
      .set({
        attempts,
        lastError: (error as Error).message,
        status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        nextAttemptAt: attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoffMs),
      })
      .where(where);
    return false;
  }
}
