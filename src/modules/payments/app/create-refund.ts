import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { GatewayUnavailableError } from '../../../providers/payments/gateway.ts';
import { customerBalances, postJournal, refundPostings } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { payments, refunds } from '../db/schema.ts';

const RETRY_MS = 60_000;

/**
 * Gives money back. The refundable amount is reserved on the payment first, so two refunds can
 * never exceed it; card refunds then go to the gateway with the refund's own idempotency key.
 */
export async function createRefund(ctx: AppContext, tenant: TenantContext, input: { payment: string; amount?: number; reason?: string | null }) {
  const refund = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, input.payment)))
      .for('update');
    if (!payment) notFound('payment', input.payment, 'payment');
    const refundable = payment.amount - payment.amountRefunded;
    const amount = input.amount ?? refundable;
    if (amount <= 0 || amount > refundable) fail('refund_exceeds_payment', `At most ${refundable} of this payment can be refunded.`, 'amount');
    await tx
      .update(payments)
      .set({ amountRefunded: sql`${payments.amountRefunded} + ${amount}` })
      .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, payment.id)));
    const id = newId('re');
    const [row] = await tx
      .insert(refunds)
      .values({
        tenantId: tenant.id,
        id,
        paymentId: payment.id,
        customerId: payment.customerId,
        amount,
        currency: payment.currency,
        reason: input.reason ?? null,
        status: 'pending',
        idempotencyKey: `duly_${id}`,
        nextCheckAt: payment.method === 'card' ? tenant.now : null,
        createdAt: tenant.now,
      })
      .returning();
    if (payment.method !== 'card') await completeRefund(tx, tenant, row!.id, null);
    return { ...row!, card: payment.method === 'card', chargeId: payment.reference };
  });
  if (refund.card) await sendRefundToGateway(ctx, tenant, refund.id);
  return inTenantTx(
    ctx.db,
    tenant.id,
    async (tx) =>
      (
        await tx
          .select()
          .from(refunds)
          .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refund.id)))
      )[0]!,
  );
}

/** Calls the gateway for a pending card refund (also re-driven by the scheduler after a crash). */
export async function sendRefundToGateway(ctx: AppContext, tenant: TenantContext, refundId: string) {
  const pending = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select({ refund: refunds, chargeId: payments.reference })
      .from(refunds)
      .innerJoin(payments, and(eq(payments.tenantId, refunds.tenantId), eq(payments.id, refunds.paymentId)))
      .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)))
      .for('update', { of: refunds });
    if (row?.refund.status !== 'pending') return null;
    await tx
      .update(refunds)
      .set({ nextCheckAt: new Date(tenant.now.getTime() + RETRY_MS) })
      .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)));
    return row;
  });
  if (!pending) return;
  try {
    const { refundId: gatewayRefundId } = await ctx.gateway.refund({
      tenantId: tenant.id,
      idempotencyKey: pending.refund.idempotencyKey,
      chargeId: pending.chargeId ?? '',
      amount: pending.refund.amount,
    });
    await inTenantTx(ctx.db, tenant.id, (tx) => completeRefund(tx, tenant, refundId, gatewayRefundId));
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return;
    await inTenantTx(ctx.db, tenant.id, (tx) => failRefund(tx, tenant, refundId, (error as Error).message));
  }
}

/**
 * A refund the gateway made without us (e.g. in Stripe's dashboard), booked like one of ours:
 * the payment's refundable amount shrinks, the ledger reverses it, `refund.succeeded` goes out.
 * Keyed by the gateway's refund id, so a refund reported twice is booked once.
 */
export async function recordGatewayRefund(tx: Tx, tenant: TenantContext, input: { paymentId: string; amount: number; gatewayRefundId: string }) {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, input.paymentId)))
    .for('update');
  if (!payment) return null;
  const [known] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.gatewayRefundId, input.gatewayRefundId)));
  const amount = Math.min(input.amount, payment.amount - payment.amountRefunded);
  if (known || amount <= 0) return null;
  await tx
    .update(payments)
    .set({ amountRefunded: sql`${payments.amountRefunded} + ${amount}` })
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, payment.id)));
  const id = newId('re');
  await tx.insert(refunds).values({
    tenantId: tenant.id,
    id,
    paymentId: payment.id,
    customerId: payment.customerId,
    amount,
    currency: payment.currency,
    reason: null,
    status: 'pending',
    idempotencyKey: `gateway_${input.gatewayRefundId}`,
    createdAt: tenant.now,
  });
  await completeRefund(tx, tenant, id, input.gatewayRefundId);
  return id;
}

async function completeRefund(tx: Tx, tenant: TenantContext, refundId: string, gatewayRefundId: string | null) {
  const [refund] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)))
    .for('update');
  if (refund?.status !== 'pending') return;
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, refund.paymentId)));
  // Money that only sat as credit is taken back from the credit first; the rest reverses revenue.
  const { credit } = await customerBalances(tx, tenant.id, refund.customerId, refund.currency);
  const fromCredit = Math.max(0, Math.min(refund.amount, payment!.amountToCredit, credit));
  await postJournal(
    tx,
    { tenantId: tenant.id, customerId: refund.customerId, currency: refund.currency, at: tenant.now, sourceType: 'refund', sourceId: refund.id },
    refundPostings(payment!.method === 'card' ? 'gateway_clearing' : 'cash', fromCredit, refund.amount - fromCredit),
  );
  await tx
    .update(refunds)
    .set({ status: 'succeeded', gatewayRefundId, nextCheckAt: null })
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)));
  await enqueueOutbox(tx, tenant.id, 'refund.succeeded', { refund: refundId, payment: refund.paymentId, amount: refund.amount }, tenant.now);
}

async function failRefund(tx: Tx, tenant: TenantContext, refundId: string, message: string) {
  const [refund] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)))
    .for('update');
  if (refund?.status !== 'pending') return;
  await tx
    .update(payments)
    .set({ amountRefunded: sql`${payments.amountRefunded} - ${refund.amount}` })
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, refund.paymentId)));
  await tx
    .update(refunds)
    .set({ status: 'failed', failureMessage: message, nextCheckAt: null })
    .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.id, refundId)));
  await enqueueOutbox(tx, tenant.id, 'refund.failed', { refund: refundId, payment: refund.paymentId }, tenant.now);
}
