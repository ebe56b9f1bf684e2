import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { disputeLostPostings, disputeWonPostings, postJournal } from '../../ledger/index.ts';
import { payments } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { disputes } from '../db/schema.ts';
import { transitionDispute } from '../domain/dispute.machine.ts';
import { type DisputeRow, lockDispute } from './find-dispute.ts';
import { notifyOwnerOfDispute } from './notify-owner.ts';
import { settlementAccount } from './open-dispute.ts';

export type CloseDisputeInput = {
  disputeId?: string | null;
  gatewayDisputeId?: string | null;
  outcome: 'won' | 'lost';
  /** Whether a won dispute also gets its fee back; most gateways (Stripe in many regions) keep it. */
  feeReturned?: boolean;
};

/**
 * The issuer's decision. Won: the funds come back to the gateway balance. Lost: they are booked
 * as a chargeback loss. Either way the invoice stays paid (as Stripe and Chargebee do): the
 * client paid, and the money went back through the network, not through the invoice.
 * Closing again with the same outcome returns the dispute and writes nothing.
 */
export async function closeDispute(tx: Tx, tenant: TenantContext, input: CloseDisputeInput): Promise<DisputeRow> {
  const dispute = await lockDispute(tx, tenant.id, input);
  if (dispute.status === input.outcome) return dispute;
  const { next, effects } = transitionDispute(dispute.status, input.outcome === 'won' ? 'win' : 'lose');
  const [payment] = await tx
    .select({ method: payments.method })
    .from(payments)
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, dispute.paymentId)));
  const feeReturned = next === 'won' && (input.feeReturned ?? false);
  const source = {
    tenantId: tenant.id,
    customerId: dispute.customerId,
    invoiceId: dispute.invoiceId,
    currency: dispute.currency,
    at: tenant.now,
    sourceType: 'dispute',
    sourceId: dispute.id,
  };
  if (effects.includes('return_funds')) {
    await postJournal(
      tx,
      { ...source, memo: feeReturned ? 'Dispute won: funds and fee returned' : 'Dispute won: funds returned' },
      disputeWonPostings(settlementAccount(payment?.method ?? 'card'), dispute.amount, feeReturned ? dispute.fee : 0),
    );
  }
  if (effects.includes('book_loss')) {
    await postJournal(tx, { ...source, memo: 'Dispute lost: funds kept by the network' }, disputeLostPostings(dispute.amount));
  }
  const [row] = await tx
    .update(disputes)
    .set({ status: next, outcome: next, feeReturned, closedAt: tenant.now, updatedAt: tenant.now })
    .where(and(eq(disputes.tenantId, tenant.id), eq(disputes.id, dispute.id)))
    .returning();
  await enqueueOutbox(tx, tenant.id, 'dispute.closed', { dispute: dispute.id, invoice: dispute.invoiceId, outcome: next }, tenant.now);
  if (effects.includes('notify_owner')) await notifyOwnerOfDispute(tx, tenant, row!, 'closed');
  return row!;
}

/** Closing a dispute by hand: bank chargebacks come back by letter, Stripe's through webhooks. */
export function closeDisputeById(ctx: AppContext, tenant: TenantContext, id: string, outcome: 'won' | 'lost', feeReturned?: boolean): Promise<DisputeRow> {
  return inTenantTx(ctx.db, tenant.id, (tx) => closeDispute(tx, tenant, { disputeId: id, outcome, feeReturned }));
}
