import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { formatMoney, resolveLocale } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { messages, queueOwnerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { collectionCases, invoiceDunning } from '../db/schema.ts';
import { type CaseState, transitionCase } from '../domain/case.machine.ts';
import { type DunningState, transitionDunning } from '../domain/dunning.machine.ts';
import { ALL_REMINDER_TEMPLATES, OWNER_TEMPLATES } from '../domain/messages.ts';
import { ownerEmailOf } from './event-tenant.ts';

export type DunningRow = typeof invoiceDunning.$inferSelect;
export type CaseRow = typeof collectionCases.$inferSelect;

/** The customer's case for this currency, opened when their first invoice becomes overdue. */
export async function joinCase(tx: Tx, tenant: TenantContext, row: Pick<DunningRow, 'customerId' | 'currency'>): Promise<string> {
  const open = () =>
    tx
      .select({ id: collectionCases.id })
      .from(collectionCases)
      .where(
        and(
          eq(collectionCases.tenantId, tenant.id),
          eq(collectionCases.customerId, row.customerId),
          eq(collectionCases.currency, row.currency),
          ne(collectionCases.state, 'closed'),
        ),
      );
  const [existing] = await open();
  if (existing) return existing.id;
  await tx
    .insert(collectionCases)
    .values({
      tenantId: tenant.id,
      id: newId('case'),
      customerId: row.customerId,
      currency: row.currency,
      state: 'open',
      openedAt: tenant.now,
      createdAt: tenant.now,
    })
    .onConflictDoNothing();
  const [created] = await open();
  return created!.id;
}

/** Reminders still waiting to go out about these invoices are not sent. */
export async function cancelQueuedReminders(tx: Tx, tenantId: string, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await tx
    .update(messages)
    .set({ status: 'canceled', nextAttemptAt: null })
    .where(
      and(
        eq(messages.tenantId, tenantId),
        inArray(messages.relatedInvoiceId, invoiceIds),
        eq(messages.status, 'queued'),
        inArray(messages.template, ALL_REMINDER_TEMPLATES),
      ),
    );
}

/**
 * The invoice needs no more chasing (paid, voided, written off by hand): its reminders stop at
 * once, queued ones are cancelled, and its case closes when nothing else in it is owed. A payment
 * after hand-off is news for the owner.
 */
export async function closeDunning(tx: Tx, tenant: TenantContext, row: DunningRow, reason: string): Promise<void> {
  if (row.state === 'closed') return;
  await tx
    .update(invoiceDunning)
    .set({ state: transitionDunning(row.state as DunningState, 'settle'), nextStepAt: null, closedReason: reason, updatedAt: tenant.now })
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, row.invoiceId)));
  await cancelQueuedReminders(tx, tenant.id, [row.invoiceId]);
  if (!row.caseId) return;
  const [kase] = await tx
    .select()
    .from(collectionCases)
    .where(and(eq(collectionCases.tenantId, tenant.id), eq(collectionCases.id, row.caseId)))
    .for('update');
  if (!kase || kase.state === 'closed') return;
  const [{ remaining }] = (await tx
    .select({ remaining: sql<number>`count(*)::int` })
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.caseId, kase.id), ne(invoiceDunning.state, 'closed')))) as [{ remaining: number }];
  if (kase.state === 'in_collections' && reason === 'paid') await tellOwnerPaidAfterHandOff(tx, tenant, kase, row.invoiceId, Number(remaining) === 0);
  if (Number(remaining) > 0) return;
  await tx
    .update(collectionCases)
    .set({ state: transitionCase(kase.state as CaseState, 'settle'), closedAt: tenant.now, closedReason: reason })
    .where(and(eq(collectionCases.tenantId, tenant.id), eq(collectionCases.id, kase.id)));
}

async function tellOwnerPaidAfterHandOff(tx: Tx, tenant: TenantContext, kase: CaseRow, invoiceId: string, caseClosed: boolean) {
  const owner = await ownerEmailOf(tx, tenant.id);
  if (!owner) return;
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoiceId)));
  const [customer] = await tx
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, kase.customerId)));
  if (!invoice) return;
  await queueOwnerMessage(
    tx,
    tenant,
    owner,
    OWNER_TEMPLATES.paidAfterHandOff,
    {
      customer_name: customer?.name ?? kase.customerId,
      invoice_number: invoice.number ?? invoice.id,
      amount: formatMoney(invoice.amountPaid, invoice.currency, resolveLocale([tenant.locale], 'en')),
      case_state: caseClosed ? 'closed' : 'other',
      case_url: `${publicUrl()}/app/collections/${kase.id}`,
    },
    `collections_paid_after_hand_off:${invoice.id}`,
  );
}
