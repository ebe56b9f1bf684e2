import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { hasOpenDispute } from '../../disputes/index.ts';
import { tenantOfEvent } from '../../tenants/index.ts';
import { invoiceDunning } from '../db/schema.ts';
import { type DunningState, dunningAllows, transitionDunning } from '../domain/dunning.machine.ts';
import { nextWake } from '../domain/schedule.ts';
import { cancelQueuedReminders, closeDunning } from './case-membership.ts';
import { invoiceIdOf } from './event-tenant.ts';
import { loadLadder } from './ladder-settings.ts';

const REASONS: Record<string, string> = {
  'invoice.paid': 'paid',
  'invoice.voided': 'voided',
  'invoice.marked_uncollectible': 'uncollectible',
  'invoice.rescheduled': 'rescheduled',
};

async function lockRow(tx: Tx, tenantId: string, invoiceId: string) {
  const [row] = await tx
    .select()
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenantId), eq(invoiceDunning.invoiceId, invoiceId)))
    .for('update');
  return row;
}

/**
 * invoice.paid / invoice.voided / invoice.marked_uncollectible / invoice.rescheduled (moved into a
 * payment plan, whose instalments have their own ladders): the ladder stops for good. (The
 * ladder's own write-off at hand-off marks invoices uncollectible too; those stay in their case.)
 */
export async function stopDunningOnInvoiceEvent(tx: Tx, event: OutboxRow): Promise<void> {
  const reason = REASONS[event.topic];
  if (!reason) return;
  const tenant = await tenantOfEvent(tx, event);
  const row = await lockRow(tx, tenant.id, invoiceIdOf(event));
  if (!row || row.state === 'closed') return;
  if (reason === 'uncollectible' && row.state === 'handed_off') return;
  await closeDunning(tx, tenant, row, reason);
}

/** dispute.opened: nothing more is said about the invoice until the dispute is decided. */
export async function pauseDunningOnDispute(tx: Tx, event: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, event);
  const row = await lockRow(tx, tenant.id, invoiceIdOf(event));
  if (!row || !dunningAllows(row.state as DunningState, 'dispute_opened')) return;
  await tx
    .update(invoiceDunning)
    .set({ state: transitionDunning(row.state as DunningState, 'dispute_opened'), nextStepAt: null, updatedAt: tenant.now })
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, row.invoiceId)));
  await cancelQueuedReminders(tx, tenant.id, [row.invoiceId]);
}

/**
 * dispute.closed: the ladder picks up where it stands; steps that fell due meanwhile collapse
 * into the latest one (if the invoice is still owed at all, which the step itself checks).
 */
export async function resumeDunningAfterDispute(tx: Tx, event: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, event);
  const row = await lockRow(tx, tenant.id, invoiceIdOf(event));
  if (!row || !dunningAllows(row.state as DunningState, 'dispute_closed')) return;
  if (await hasOpenDispute(tx, tenant.id, row.invoiceId)) return;
  const { steps } = await loadLadder(tx, tenant.id);
  const at = nextWake(steps, row.lastOffset, { localDueDate: row.localDueDate, timeZone: row.timeZone, hasCase: row.caseId !== null });
  const resumed = transitionDunning(row.state as DunningState, 'dispute_closed');
  await tx
    .update(invoiceDunning)
    .set({ state: at ? resumed : transitionDunning(resumed, 'ladder_done'), nextStepAt: at, updatedAt: tenant.now })
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, row.invoiceId)));
}
