import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { disputeOpenedPostings, postJournal } from '../../ledger/index.ts';
import { payments } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { disputes } from '../db/schema.ts';
import { disputableAmount, toDisputeReason } from '../domain/dispute.ts';
import { type DisputeRow, findDisputeByGatewayId } from './find-dispute.ts';
import { notifyOwnerOfDispute } from './notify-owner.ts';

export type OpenDisputeInput = {
  paymentId: string;
  /** Defaults to everything of the payment that is still disputable. */
  amount?: number;
  reason: string;
  evidenceDueBy: Date;
  /** The gateway's dispute id; a second call with the same id returns the first dispute and writes nothing. */
  gatewayDisputeId?: string | null;
  /** What the network charges for the dispute, in the payment's currency. */
  fee?: number;
};

/** Money that left through the gateway comes back through it; a bank transfer's through the bank. */
export const settlementAccount = (method: string): 'gateway_clearing' | 'cash' => (method === 'card' ? 'gateway_clearing' : 'cash');

/**
 * Records a chargeback in the caller's transaction: the network has withdrawn the disputed funds
 * and its fee, so both leave the gateway balance now. The invoice stays paid.
 */
export async function openDispute(tx: Tx, tenant: TenantContext, input: OpenDisputeInput): Promise<DisputeRow> {
  if (input.gatewayDisputeId) {
    const earlier = await findDisputeByGatewayId(tx, tenant.id, input.gatewayDisputeId);
    if (earlier) return earlier;
  }
  const fee = input.fee ?? 0;
  if (!Number.isSafeInteger(fee) || fee < 0) fail('parameter_invalid', 'The fee must be a non-negative integer amount in minor units.', 'fee');
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, input.paymentId)))
    .for('update');
  if (!payment) notFound('payment', input.paymentId, 'payment');
  if (payment.method === 'cash') fail('payment_not_disputable', 'Cash cannot be charged back; record a refund instead.', 'payment');
  const others = await tx
    .select({ amount: disputes.amount, status: disputes.status })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenant.id), eq(disputes.paymentId, payment.id)));
  const disputable = disputableAmount(payment, others);
  const amount = input.amount ?? disputable;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > disputable) {
    fail(
      'dispute_exceeds_payment',
      `At most ${disputable} of this payment (${payment.amount} paid, ${payment.amountRefunded} refunded) can be disputed.`,
      'amount',
    );
  }
  const id = newId('dp');
  const [row] = await tx
    .insert(disputes)
    .values({
      tenantId: tenant.id,
      id,
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      customerId: payment.customerId,
      amount,
      currency: payment.currency,
      fee,
      reason: toDisputeReason(input.reason),
      status: 'needs_response',
      gatewayDisputeId: input.gatewayDisputeId ?? null,
      evidenceDueBy: input.evidenceDueBy,
      createdAt: tenant.now,
      updatedAt: tenant.now,
    })
    .onConflictDoNothing()
    .returning();
  // Another transaction recorded the same gateway dispute first: theirs is the one.
  if (!row) return (await findDisputeByGatewayId(tx, tenant.id, input.gatewayDisputeId ?? ''))!;
  await postJournal(
    tx,
    {
      tenantId: tenant.id,
      customerId: payment.customerId,
      invoiceId: payment.invoiceId,
      currency: payment.currency,
      at: tenant.now,
      sourceType: 'dispute',
      sourceId: id,
      memo: `Dispute opened (${row.reason}): funds and fee withdrawn`,
    },
    disputeOpenedPostings(settlementAccount(payment.method), amount, fee),
  );
  await enqueueOutbox(tx, tenant.id, 'dispute.opened', { dispute: id, invoice: payment.invoiceId, payment: payment.id }, tenant.now);
  await notifyOwnerOfDispute(tx, tenant, row, 'opened');
  return row;
}

/** A dispute recorded by hand (a bank's chargeback letter): the deadline must still be ahead. */
export function createDispute(ctx: AppContext, tenant: TenantContext, input: Omit<OpenDisputeInput, 'gatewayDisputeId'>): Promise<DisputeRow> {
  if (input.evidenceDueBy.getTime() <= tenant.now.getTime()) {
    fail('parameter_invalid', `The evidence deadline must be after now (${tenant.now.toISOString()}).`, 'evidence_due_by');
  }
  return inTenantTx(ctx.db, tenant.id, (tx) => openDispute(tx, tenant, input));
}
