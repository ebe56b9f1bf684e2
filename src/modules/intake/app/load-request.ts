import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { intakeRequests } from '../db/schema.ts';

export type IntakeRequestRow = typeof intakeRequests.$inferSelect;

/** The request, locked for the change the caller is about to make; 404 when this business has none by that id. */
export async function lockRequest(tx: Tx, tenantId: string, requestId: string): Promise<IntakeRequestRow> {
  const [row] = await tx
    .select()
    .from(intakeRequests)
    .where(and(eq(intakeRequests.tenantId, tenantId), eq(intakeRequests.id, requestId)))
    .for('update');
  return row ?? notFound('request', requestId);
}
