import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { tenantOfEvent } from '../../tenants/index.ts';
import { invoiceDunning } from '../db/schema.ts';
import { localDueDateOf, nextWake, startingOffset } from '../domain/schedule.ts';
import { invoiceIdOf } from './event-tenant.ts';
import { loadLadder } from './ladder-settings.ts';

/**
 * invoice.finalized: an open invoice with something to pay and a due date goes on the ladder,
 * in the client's calendar. Steps whose time passed before the invoice was issued do not apply.
 * Idempotent: a second delivery of the event finds the row and does nothing.
 */
export async function startDunning(tx: Tx, row: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, row);
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoiceIdOf(row))));
  if (invoice?.status !== 'open' || invoice.amountRemaining <= 0 || !invoice.dueDate) return;
  const [customer] = await tx
    .select({ timezone: customers.timezone })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, invoice.customerId)));
  const timeZone = customer?.timezone ?? tenant.timezone;
  const localDueDate = localDueDateOf(invoice.dueDate, timeZone);
  const { steps } = await loadLadder(tx, tenant.id);
  // A late fee rides along in its customer's case but gets no reminders of its own (nor fees on fees).
  const lastOffset =
    invoice.billingReason === 'late_fee'
      ? (steps.at(-1)?.offset_days ?? null)
      : startingOffset(steps, { localDueDate, timeZone }, invoice.finalizedAt ?? invoice.createdAt);
  const at = nextWake(steps, lastOffset, { localDueDate, timeZone, hasCase: false });
  await tx
    .insert(invoiceDunning)
    .values({
      tenantId: tenant.id,
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      localDueDate,
      timeZone,
      state: 'active',
      lastOffset,
      nextStepAt: at,
      createdAt: tenant.now,
      updatedAt: tenant.now,
    })
    .onConflictDoNothing();
}
