import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { type ChargeResult, GatewayUnavailableError } from '../../../providers/payments/gateway.ts';
import { findInvoice, settleInvoice } from '../../invoicing/index.ts';
import { paymentPostings, postJournal } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts, paymentMethods, payments } from '../db/schema.ts';
import { classifyDecline } from '../domain/decline-codes.ts';
import { transitionPaymentAttempt as transitionAttempt } from '../domain/payment-attempt.machine.ts';

/** How long one worker owns a pending attempt before another may ask the gateway again. */
const LEASE_MS = 2 * 60_000;

export type AttemptOutcome = 'succeeded' | 'failed' | 'pending' | 'skipped';

/**
 * Sends one pending attempt to the gateway, outside any transaction, and records the answer.
 * Safe to run twice or after a crash: the gateway call carries the attempt's idempotency key and
 * the answer is recorded only while the attempt is still pending.
 */
export async function chargeAttempt(ctx: AppContext, tenant: TenantContext, attemptId: string): Promise<AttemptOutcome> {
  const leased = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select({ attempt: paymentAttempts, token: paymentMethods.gatewayToken })
      .from(paymentAttempts)
      .innerJoin(paymentMethods, and(eq(paymentMethods.tenantId, paymentAttempts.tenantId), eq(paymentMethods.id, paymentAttempts.paymentMethodId)))
      .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId)))
      .for('update', { of: paymentAttempts });
    if (row?.attempt.status !== 'pending') return null;
    // Another worker holds the lease: it is asking the gateway right now.
    if (row.attempt.nextCheckAt && row.attempt.nextCheckAt.getTime() > tenant.now.getTime()) return null;
    await tx
      .update(paymentAttempts)
      .set({ nextCheckAt: new Date(tenant.now.getTime() + LEASE_MS) })
      .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId)));
    return row;
  });
  if (!leased) return 'skipped';

  let result: ChargeResult;
  try {
    result = await ctx.gateway.charge({
      idempotencyKey: leased.attempt.idempotencyKey,
      token: leased.token,
      amount: leased.attempt.amount,
      currency: leased.attempt.currency,
      description: `Invoice ${leased.attempt.invoiceId}`,
    });
  } catch (error) {
    if (error instanceof GatewayUnavailableError || (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
      // Outcome unknown: the lease expires and the same key is sent again, which cannot double-charge.
      return 'pending';
    }
    throw error;
  }
  if (result.status === 'requires_action') return 'pending';
  return recordAttemptResult(ctx, tenant, attemptId, result);
}

async function recordAttemptResult(
  ctx: AppContext,
  tenant: TenantContext,
  attemptId: string,
  result: Exclude<ChargeResult, { status: 'requires_action' }>,
): Promise<AttemptOutcome> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId)))
      .for('update');
    if (attempt?.status !== 'pending') return 'skipped';
    const invoice = await findInvoice(tx, tenant.id, attempt.invoiceId, { forUpdate: true });
    const at = tenant.now;
    const where = and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId));
    const notify = (outcome: 'succeeded' | 'failed' | 'invoice_paid') =>
      Promise.all(
        ctx.paymentOutcomeListeners.map((listener) =>
          listener(tx, { tenantId: tenant.id, invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, outcome, at }),
        ),
      );

    if (result.status === 'failed') {
      const { next } = transitionAttempt('pending', 'fail');
      await tx
        .update(paymentAttempts)
        .set({
          status: next,
          gatewayChargeId: result.chargeId,
          declineCode: result.declineCode,
          declineKind: classifyDecline(result.declineCode),
          failureMessage: result.message,
          nextCheckAt: null,
          completedAt: at,
        })
        .where(where);
      await enqueueOutbox(tx, tenant.id, 'payment.failed', { invoice: invoice.id, attempt: attemptId, decline_code: result.declineCode }, at);
      await notify('failed');
      return 'failed';
    }

    const { next } = transitionAttempt('pending', 'succeed');
    await tx.update(paymentAttempts).set({ status: next, gatewayChargeId: result.chargeId, nextCheckAt: null, completedAt: at }).where(where);
    const settlement = await settleInvoice(tx, tenant, invoice, attempt.amount);
    const paymentId = newId('py');
    await tx.insert(payments).values({
      tenantId: tenant.id,
      id: paymentId,
      customerId: attempt.customerId,
      invoiceId: invoice.id,
      attemptId,
      method: 'card',
      amount: attempt.amount,
      amountApplied: settlement.applied,
      amountToCredit: settlement.toCredit,
      currency: attempt.currency,
      reference: result.chargeId,
      receivedAt: at,
      createdAt: at,
    });
    await postJournal(
      tx,
      { tenantId: tenant.id, customerId: attempt.customerId, currency: attempt.currency, at, sourceType: 'payment', sourceId: paymentId },
      paymentPostings('gateway_clearing', settlement.applied, settlement.toCredit, settlement.fromBadDebt),
    );
    await enqueueOutbox(tx, tenant.id, 'payment.succeeded', { invoice: invoice.id, payment: paymentId, amount: attempt.amount }, at);
    await notify(settlement.invoice.status === 'paid' ? 'invoice_paid' : 'succeeded');
    return 'succeeded';
  });
}
