import { and, eq, inArray, sql } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { formatMoney, resolveLocale } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { queueOwnerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { collectionCases, invoiceDunning } from '../db/schema.ts';
import { type CaseState, transitionCase } from '../domain/case.machine.ts';
import { type DunningState, transitionDunning } from '../domain/dunning.machine.ts';
import type { PendingAction } from '../domain/ladder.ts';
import { OWNER_TEMPLATES } from '../domain/messages.ts';
import { cancelQueuedReminders } from './case-membership.ts';
import { ownerEmailOf } from './event-tenant.ts';

/**
 * The ladder's last step (seed 004): the case goes to collections with every invoice still owed
 * in it; their ladders stop; the owner is emailed with a link to the collections packet; with
 * `write_off_on_hand_off` each of them is written off after this transaction. Returns the
 * write-off this step's own invoice needs (the others carry theirs on their rows).
 */
export async function handOffCase(
  tx: Tx,
  tenant: TenantContext,
  input: { caseId: string; invoiceId: string; writeOff: boolean; daysOverdue: number },
): Promise<PendingAction[]> {
  const [kase] = await tx
    .select()
    .from(collectionCases)
    .where(and(eq(collectionCases.tenantId, tenant.id), eq(collectionCases.id, input.caseId)))
    .for('update');
  if (!kase) return [];
  await tx
    .update(collectionCases)
    .set({
      state: transitionCase(kase.state as CaseState, 'hand_off'),
      handedOffAt: kase.handedOffAt ?? tenant.now,
      writtenOff: kase.writtenOff || input.writeOff,
    })
    .where(and(eq(collectionCases.tenantId, tenant.id), eq(collectionCases.id, kase.id)));

  const members = await tx
    .select()
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.caseId, kase.id), inArray(invoiceDunning.state, ['active', 'paused', 'finished'])))
    .for('update');
  const others = members.filter((m) => m.invoiceId !== input.invoiceId);
  for (const m of others) {
    await tx
      .update(invoiceDunning)
      .set({
        state: transitionDunning(m.state as DunningState, 'hand_off'),
        nextStepAt: null,
        ...(input.writeOff ? { pendingActions: [{ type: 'write_off', invoiceId: m.invoiceId }], actionsDueAt: tenant.now } : {}),
        updatedAt: tenant.now,
      })
      .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, m.invoiceId)));
  }
  await cancelQueuedReminders(
    tx,
    tenant.id,
    others.map((m) => m.invoiceId),
  );
  await tellOwner(tx, tenant, kase, input);
  return input.writeOff ? [{ type: 'write_off', invoiceId: input.invoiceId }] : [];
}

async function tellOwner(tx: Tx, tenant: TenantContext, kase: typeof collectionCases.$inferSelect, input: { invoiceId: string; daysOverdue: number }) {
  const owner = await ownerEmailOf(tx, tenant.id);
  if (!owner) return;
  const [owed] = await tx
    .select({ amount: sql<number>`coalesce(sum(${invoices.amountRemaining}), 0)::bigint`, count: sql<number>`count(*)::int` })
    .from(invoiceDunning)
    .innerJoin(invoices, and(eq(invoices.tenantId, invoiceDunning.tenantId), eq(invoices.id, invoiceDunning.invoiceId)))
    .where(
      and(
        eq(invoiceDunning.tenantId, tenant.id),
        eq(invoiceDunning.caseId, kase.id),
        inArray(invoiceDunning.state, ['active', 'paused', 'finished', 'handed_off']),
      ),
    );
  const [customer] = await tx
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, kase.customerId)));
  const [invoice] = await tx
    .select({ number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, input.invoiceId)));
  await queueOwnerMessage(
    tx,
    tenant,
    owner,
    OWNER_TEMPLATES.handedOff,
    {
      customer_name: customer?.name ?? kase.customerId,
      invoice_number: invoice?.number ?? input.invoiceId,
      amount_overdue: formatMoney(Number(owed?.amount ?? 0), kase.currency, resolveLocale([tenant.locale], 'en')),
      invoice_count: Number(owed?.count ?? 0),
      days_overdue: input.daysOverdue,
      case_url: `${publicUrl()}/app/collections/${kase.id}`,
      packet_url: `${publicUrl()}/v1/collections/${kase.id}/packet`,
    },
    `collections_handed_off:${kase.id}:${input.invoiceId}`,
  );
}
