import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { disputes } from '../db/schema.ts';
import { OPEN_DISPUTE_STATES } from '../domain/dispute.machine.ts';

export type DisputeRow = typeof disputes.$inferSelect;

/** One dispute of the business, locked for the caller's transaction; another business's is a 404. */
export async function lockDispute(tx: Tx, tenantId: string, by: { disputeId?: string | null; gatewayDisputeId?: string | null }): Promise<DisputeRow> {
  const key = by.disputeId ? eq(disputes.id, by.disputeId) : by.gatewayDisputeId ? eq(disputes.gatewayDisputeId, by.gatewayDisputeId) : null;
  const [row] = key
    ? await tx
        .select()
        .from(disputes)
        .where(and(eq(disputes.tenantId, tenantId), key))
        .for('update')
    : [];
  if (!row) notFound('dispute', by.disputeId ?? by.gatewayDisputeId ?? '', 'id');
  return row;
}

export async function findDisputeByGatewayId(tx: Tx, tenantId: string, gatewayDisputeId: string): Promise<DisputeRow | null> {
  const [row] = await tx
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.gatewayDisputeId, gatewayDisputeId)));
  return row ?? null;
}

/** True while a dispute about the invoice is undecided: reminders and dunning about it wait. */
export async function hasOpenDispute(tx: Tx, tenantId: string, invoiceId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.invoiceId, invoiceId), inArray(disputes.status, [...OPEN_DISPUTE_STATES])))
    .limit(1);
  return row !== undefined;
}
