import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { DomainError } from '../../../platform/errors.ts';
import { hasOpenDispute } from '../../disputes/index.ts';
import { invoices, markInvoiceUncollectible } from '../../invoicing/index.ts';
import { findSubscription, pauseSubscription, subscriptionPaymentListener } from '../../subscriptions/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceDunning } from '../db/schema.ts';
import { type DunningState, transitionDunning } from '../domain/dunning.machine.ts';
import type { Ladder, PendingAction } from '../domain/ladder.ts';
import { dueSteps, nextWake, overdueInstant } from '../domain/schedule.ts';
import { cancelQueuedReminders, closeDunning, joinCase } from './case-membership.ts';
import { executeStep, recordSkippedStep } from './execute-step.ts';
import { loadLadder } from './ladder-settings.ts';

const BATCH = 100;
const HOUR_MS = 3_600_000;
/** The same reasons the invoice events give, when the step itself finds the invoice settled. */
const CLOSED_REASONS: Record<string, string> = { paid: 'paid', void: 'voided', uncollectible: 'uncollectible' };

/**
 * The scheduler's reminder phase for one business: claims invoices whose next step is due (SKIP
 * LOCKED, so workers share), runs each in a savepoint, then does the follow-up work steps left
 * for after their transaction. Returns how many rows it moved, so the scheduler loops on.
 */
export async function runDueReminders(ctx: AppContext, tenant: TenantContext): Promise<number> {
  const advanced = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const due = await tx
      .select({ invoiceId: invoiceDunning.invoiceId })
      .from(invoiceDunning)
      .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.state, 'active'), lte(invoiceDunning.nextStepAt, tenant.now)))
      .orderBy(asc(invoiceDunning.nextStepAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const ladder = await loadLadder(tx, tenant.id);
    for (const { invoiceId } of due) {
      try {
        await tx.transaction((sp) => advanceDunning(sp, tenant, invoiceId, ladder));
      } catch (error) {
        // One broken invoice must not hold up the others, nor spin the scheduler: try again in an hour.
        console.error(`reminder step for ${invoiceId} failed; retrying in an hour`, error);
        await tx
          .update(invoiceDunning)
          .set({ nextStepAt: new Date(tenant.now.getTime() + HOUR_MS) })
          .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, invoiceId)));
      }
    }
    return due.length;
  });
  return advanced + (await runPendingActions(ctx, tenant));
}

/** One invoice's due step, with everything checked again now: it may have been paid a second ago. */
async function advanceDunning(tx: Tx, tenant: TenantContext, invoiceId: string, ladder: Ladder): Promise<void> {
  const [row] = await tx
    .select()
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, invoiceId)))
    .for('update');
  if (row?.state !== 'active') return;
  const where = and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, invoiceId));
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoiceId)));
  if (invoice?.status !== 'open' || invoice.amountRemaining <= 0) {
    // Moved into a payment plan: its instalments carry the debt (and their own ladders).
    const rescheduled = invoice?.status === 'paid' && invoice.amountRescheduled > 0;
    await closeDunning(tx, tenant, row, rescheduled ? 'rescheduled' : (CLOSED_REASONS[invoice?.status ?? ''] ?? 'settled'));
    return;
  }
  if (await hasOpenDispute(tx, tenant.id, invoiceId)) {
    await tx
      .update(invoiceDunning)
      .set({ state: transitionDunning('active', 'dispute_opened'), nextStepAt: null, updatedAt: tenant.now })
      .where(where);
    await cancelQueuedReminders(tx, tenant.id, [invoiceId]);
    return;
  }
  const place = { localDueDate: row.localDueDate, timeZone: row.timeZone };
  const caseId = row.caseId ?? (tenant.now.getTime() >= overdueInstant(place.localDueDate, place.timeZone).getTime() ? await joinCase(tx, tenant, row) : null);
  const context = { row, invoice, caseId, writeOffOnHandOff: ladder.writeOffOnHandOff };
  const { run, skipped } = dueSteps(ladder.steps, row.lastOffset, place, tenant.now);
  for (const step of skipped) await recordSkippedStep(tx, tenant, context, step);
  const outcome = run ? await executeStep(tx, tenant, context, run) : { pending: [] as PendingAction[], handedOff: false };
  const lastOffset = run ? run.offset_days : row.lastOffset;
  const at = outcome.handedOff ? null : nextWake(ladder.steps, lastOffset, { ...place, hasCase: caseId !== null });
  const state: DunningState = outcome.handedOff ? transitionDunning('active', 'hand_off') : at ? 'active' : transitionDunning('active', 'ladder_done');
  await tx
    .update(invoiceDunning)
    .set({
      state,
      caseId,
      lastOffset,
      lastStepKey: run?.key ?? row.lastStepKey,
      nextStepAt: at,
      ...(outcome.pending.length > 0 ? { pendingActions: outcome.pending, actionsDueAt: tenant.now } : {}),
      updatedAt: tenant.now,
    })
    .where(where);
}

/**
 * Follow-up work that needs its own transaction (pausing a subscription, a write-off), done after
 * the step committed. Each is idempotent: an action that no longer applies is simply dropped.
 */
async function runPendingActions(ctx: AppContext, tenant: TenantContext): Promise<number> {
  const rows = await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select({ invoiceId: invoiceDunning.invoiceId, pendingActions: invoiceDunning.pendingActions })
      .from(invoiceDunning)
      .where(and(eq(invoiceDunning.tenantId, tenant.id), isNotNull(invoiceDunning.actionsDueAt), lte(invoiceDunning.actionsDueAt, tenant.now)))
      .limit(BATCH),
  );
  for (const row of rows) {
    let retry = false;
    for (const action of row.pendingActions) {
      try {
        await runPendingAction(ctx, tenant, action);
      } catch (error) {
        // A rule saying no (the subscription was cancelled meanwhile) means the action no longer applies.
        if (!(error instanceof DomainError)) {
          console.error(`collections follow-up ${action.type} for ${row.invoiceId} failed; retrying in an hour`, error);
          retry = true;
        }
      }
    }
    await inTenantTx(ctx.db, tenant.id, (tx) =>
      tx
        .update(invoiceDunning)
        .set(retry ? { actionsDueAt: new Date(tenant.now.getTime() + HOUR_MS) } : { pendingActions: [], actionsDueAt: null })
        .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, row.invoiceId))),
    );
  }
  return rows.length;
}

async function runPendingAction(ctx: AppContext, tenant: TenantContext, action: PendingAction): Promise<void> {
  if (action.type === 'write_off') {
    const status = await inTenantTx(ctx.db, tenant.id, async (tx) => {
      const [invoice] = await tx
        .select({ status: invoices.status })
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, action.invoiceId)));
      return invoice?.status;
    });
    if (status === 'open') await markInvoiceUncollectible(ctx, tenant, action.invoiceId);
    return;
  }
  // Suspend: a subscription already past due stops as unpaid (and comes back when paid); an active one is paused.
  const sub = await inTenantTx(ctx.db, tenant.id, (tx) => findSubscription(tx, tenant.id, action.subscriptionId));
  if (sub.status === 'past_due') {
    await inTenantTx(ctx.db, tenant.id, (tx) =>
      subscriptionPaymentListener(tx, { tenantId: tenant.id, invoiceId: '', subscriptionId: sub.id, outcome: 'retries_exhausted', at: tenant.now }),
    );
  } else if (sub.status === 'active' || sub.status === 'trialing') {
    await pauseSubscription(ctx, tenant, sub.id);
  }
}
