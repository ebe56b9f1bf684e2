import { newId } from '../ids.ts';
import { outbox } from './outbox-schema.ts';
import type { Tx } from './tx.ts';

/** Records a side effect in the caller's transaction; the outbox job delivers it after commit. */
export async function enqueueOutbox(tx: Tx, tenantId: string, topic: string, payload: Record<string, unknown>, at: Date): Promise<void> {
  await tx.insert(outbox).values({ tenantId, id: newId('evt'), topic, payload, nextAttemptAt: at, createdAt: at });
}
