import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { forEachConcurrently } from '../../../platform/concurrency.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { type ChargeResult, GatewayUnavailableError } from '../../../providers/payments/gateway.ts';
import { findInvoice, scheduleInvoiceRetry, settleInvoice } from '../../invoicing/index.ts';
import { paymentPostings, postJournal } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts, paymentMethods, payments } from '../db/schema.ts';
import { classifyDecline } from '../domain/decline-codes.ts';
import { transitionPaymentAttempt as transitionAttempt } from '../domain/payment-attempt.machine.ts';
import { decideRetry, type RetryPolicy } from '../domain/retry-policy.ts';
import { loadRetryPolicy } from './retry-policy-settings.ts';

/** How long one worker owns a pending attempt before another may ask the gateway again. */
const LEASE_MS = 2 * 60_000;
/** Gateway calls in flight at once; each waits on the network, so a few overlap well. */
const GATEWAY_CONCURRENCY = 8;

export type AttemptOutcome = 'succeeded' | 'failed' | 'pending' | 'skipped';

type Answer = { attemptId: string; result: Exclude<ChargeResult, { status: 'requires_action' }> };

/** Sends one pending attempt to the gateway and records the answer (see chargeAttempts). */
export async function chargeAttempt(ctx: AppContext, tenant: TenantContext, attemptId: string): Promise<AttemptOutcome> {
  return (await chargeAttempts(ctx, tenant, [attemptId])).get(attemptId) ?? 'skipped';
}

/**
 * Sends pending attempts to the gateway, outside any transaction, and records the answers.
 * Three steps: lease the attempts in one transaction (another worker skips a leased attempt),
 * call the gateway with each attempt's idempotency key, record all answers in one transaction.
 * Safe to repeat or to resume after a crash: a repeated call returns the gateway's first answer,
 * and an answer is recorded only while its attempt is still pending.
 */
export async function chargeAttempts(ctx: AppContext, tenant: TenantContext, attemptIds: string[]): Promise<Map<string, AttemptOutcome>> {
  const outcomes = new Map<string, AttemptOutcome>();
  if (attemptIds.length === 0) return outcomes;
  const leased = await leaseAttempts(ctx, tenant, attemptIds);
  const answers: Answer[] = [];
  await forEachConcurrently(leased, GATEWAY_CONCURRENCY, async ({ attempt, token }) => {
    try {
      const result = await ctx.gateway.charge({
        tenantId: tenant.id,
        idempotencyKey: attempt.idempotencyKey,
        token,
        amount: attempt.amount,
        currency: attempt.currency,
        description: `Invoice ${attempt.invoiceId}`,
      });
      if (result.status === 'requires_action') outcomes.set(attempt.id, 'pending');
      else answers.push({ attemptId: attempt.id, result });
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError) && (error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
      // Outcome unknown: the lease expires and the same key is sent again, which cannot double-charge.
      outcomes.set(attempt.id, 'pending');
    }
  });
  if (answers.length > 0) {
    await inTenantTx(ctx.db, tenant.id, async (tx) => {
      // One read of the business's retry policy for the whole batch of answers.
      const policy = answers.some((a) => a.result.status === 'failed') ? await loadRetryPolicy(tx, tenant.id) : undefined;
      for (const answer of answers) outcomes.set(answer.attemptId, await tx.transaction((sp) => recordAttemptResult(ctx, sp, tenant, answer, policy)));
    });
  }
  for (const id of attemptIds) if (!outcomes.has(id)) outcomes.set(id, 'skipped');
  return outcomes;
}

async function leaseAttempts(ctx: AppContext, tenant: TenantContext, attemptIds: string[]) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const candidates = await tx
      .select({ attempt: paymentAttempts, token: paymentMethods.gatewayToken })
      .from(paymentAttempts)
      .innerJoin(paymentMethods, and(eq(paymentMethods.tenantId, paymentAttempts.tenantId), eq(paymentMethods.id, paymentAttempts.paymentMethodId)))
      .where(and(eq(paymentAttempts.tenantId, tenant.id), inArray(paymentAttempts.id, attemptIds), eq(paymentAttempts.status, 'pending')))
      .for('update', { of: paymentAttempts, skipLocked: true });
    // An attempt leased into the future is being asked about by another worker right now.
    const free = candidates.filter(({ attempt }) => !attempt.nextCheckAt || attempt.nextCheckAt.getTime() <= tenant.now.getTime());
    if (free.length > 0) {
      await tx
        .update(paymentAttempts)
        .set({ nextCheckAt: new Date(tenant.now.getTime() + LEASE_MS) })
        .where(
          and(
            eq(paymentAttempts.tenantId, tenant.id),
            inArray(
              paymentAttempts.id,
              free.map((f) => f.attempt.id),
            ),
          ),
        );
    }
    return free;
  });
}

/** Records a gateway's answer for a pending attempt (also a signed gateway webhook's); no-op once it is settled. */
export async function recordAttemptResult(
  ctx: AppContext,
  tx: Tx,
  tenant: TenantContext,
  { attemptId, result }: Answer,
  policy?: RetryPolicy,
): Promise<AttemptOutcome> {
  const [attempt] = await tx
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId)))
    .for('update');
  if (attempt?.status !== 'pending') return 'skipped';
  const invoice = await findInvoice(tx, tenant.id, attempt.invoiceId, { forUpdate: true });
  const at = tenant.now;
  const where = and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.id, attemptId));
  const notify = (outcome: 'succeeded' | 'failed' | 'invoice_paid' | 'retries_exhausted') =>
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
    if (invoice.collectionMethod === 'charge_automatically' && invoice.status === 'open') {
      const decision = decideRetry({
        declineKind: classifyDecline(result.declineCode),
        declineCode: result.declineCode,
        failedAttempts: attempt.attemptNumber,
        firstFailureAt: await firstAttemptAt(tx, tenant.id, invoice.id),
        now: at,
        timeZone: tenant.timezone,
        policy: policy ?? (await loadRetryPolicy(tx, tenant.id)),
      });
      await scheduleInvoiceRetry(tx, tenant.id, invoice.id, decision.kind === 'retry' ? decision.at : null);
      await notify('failed');
      // Retries run to the end of the policy: the subscription goes where the policy says (unpaid,
      // paused or canceled). A decline no retry can fix stays past due, waiting for a new card.
      if (decision.kind === 'give_up') await notify('retries_exhausted');
      return 'failed';
    }
    await notify('failed');
    return 'failed';
  }

  const { next } = transitionAttempt('pending', 'succeed');
  await tx.update(paymentAttempts).set({ status: next, gatewayChargeId: result.chargeId, nextCheckAt: null, completedAt: at }).where(where);
  // The client paid when the charge was started: an answer recorded later keeps an early-payment discount.
  const settlement = await settleInvoice(tx, tenant, invoice, attempt.amount, attempt.createdAt);
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
    { tenantId: tenant.id, customerId: attempt.customerId, invoiceId: invoice.id, currency: attempt.currency, at, sourceType: 'payment', sourceId: paymentId },
    paymentPostings('gateway_clearing', settlement.applied, settlement.toCredit, settlement.fromBadDebt),
  );
  await enqueueOutbox(tx, tenant.id, 'payment.succeeded', { invoice: invoice.id, payment: paymentId, amount: attempt.amount }, at);
  await notify(settlement.invoice.status === 'paid' ? 'invoice_paid' : 'succeeded');
  return 'succeeded';
}

async function firstAttemptAt(tx: Tx, tenantId: string, invoiceId: string): Promise<Date> {
  const [first] = await tx
    .select({ at: paymentAttempts.createdAt })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.invoiceId, invoiceId), eq(paymentAttempts.attemptNumber, 1)));
  return first?.at ?? new Date(0);
}
