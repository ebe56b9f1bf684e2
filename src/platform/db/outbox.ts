import { newId } from '../ids.ts';
import { outbox } from './outbox-schema.ts';
import type { Tx } from './tx.ts';

export type OutboxInsert = typeof outbox.$inferInsert;

export function outboxRow(tenantId: string, topic: string, payload: Record<string, unknown>, at: Date): OutboxInsert {
  return { tenantId, id: newId('evt'), topic, payload, nextAttemptAt: at, createdAt: at };
}

/** Many side effects in one statement (batch renewals), same guarantees as enqueueOutbox. */
export async function enqueueOutboxRows(tx: Tx, rows: OutboxInsert[]): Promise<void> {
  if (rows.length > 0) await tx.insert(outbox).values(rows);
}

/** Records a side effect in the caller's transaction; the outbox job delivers it after commit. */
export async function enqueueOutbox(tx: Tx, tenantId: string, topic: string, payload: Record<string, unknown>, at: Date): Promise<void> {
  await tx.insert(outbox).values(outboxRow(tenantId, topic, payload, at));
}
