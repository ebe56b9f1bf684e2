import { and, eq, inArray } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { type InvoiceRow, invoiceLines, invoices, reserveInvoiceNumbers } from '../../invoicing/index.ts';
import { postJournal, receivableTransferPostings } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentPlanInvoices } from '../db/schema.ts';

const DAY_MS = 86_400_000;

export type NewInstalment = { amount: number; dueDate: Date; position: number; description: string };

export type PlanRef = { id: string; customerId: string; currency: string; collectionMethod: string };

/**
 * Moves what `from` (locked, open invoices) still owe onto new instalment invoices, in the
 * caller's transaction: the instalments are issued with gapless numbers and their own due dates
 * (autopay ones are charged on that date through next_payment_attempt), the old invoices owe
 * nothing any more and point at the plan, and one balanced journal moves the receivable from
 * invoice to invoice. Nothing is recognised as revenue: the old invoices already did that.
 */
export async function moveReceivable(
  tx: Tx,
  tenant: TenantContext,
  plan: PlanRef,
  from: InvoiceRow[],
  to: NewInstalment[],
  role: 'instalment' | 'remainder' = 'instalment',
): Promise<InvoiceRow[]> {
  const now = tenant.now;
  const numbers = await reserveInvoiceNumbers(tx, tenant, to.length);
  const autopay = plan.collectionMethod === 'charge_automatically';
  const rows = to.map((instalment, i) => {
    const id = newId('in');
    const number = numbers[i]!;
    const invoice: typeof invoices.$inferInsert = {
      tenantId: tenant.id,
      id,
      customerId: plan.customerId,
      billingReason: 'instalment',
      status: 'open',
      number,
      currency: plan.currency,
      collectionMethod: plan.collectionMethod,
      subtotal: instalment.amount,
      total: instalment.amount,
      amountRemaining: instalment.amount,
      daysUntilDue: Math.max(0, Math.ceil((instalment.dueDate.getTime() - now.getTime()) / DAY_MS)),
      dueDate: instalment.dueDate,
      description: instalment.description,
      nextPaymentAttempt: autopay ? instalment.dueDate : null,
      paymentPlanId: plan.id,
      finalizedAt: now,
      createdAt: now,
    };
    const line: typeof invoiceLines.$inferInsert = {
      tenantId: tenant.id,
      id: newId('il'),
      invoiceId: id,
      position: 0,
      description: instalment.description,
      quantity: 1,
      unitAmount: instalment.amount,
      amount: instalment.amount,
      total: instalment.amount,
      taxPercentMilli: null,
      createdAt: now,
    };
    return { invoice, line, position: instalment.position };
  });
  const issued = await tx
    .insert(invoices)
    .values(rows.map((r) => r.invoice))
    .returning();
  await tx.insert(invoiceLines).values(rows.map((r) => r.line));

  for (const invoice of from) {
    await tx
      .update(invoices)
      .set({
        // Nothing is owed on it any more: in this state machine that is "paid" (as with a credit
        // note that covers the rest); amount_rescheduled and payment_plan_id say how.
        status: 'paid',
        amountRemaining: 0,
        amountRescheduled: invoice.amountRescheduled + invoice.amountRemaining,
        paidAt: now,
        nextPaymentAttempt: null,
        paymentPlanId: plan.id,
      })
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)));
  }
  await postJournal(
    tx,
    {
      tenantId: tenant.id,
      customerId: plan.customerId,
      currency: plan.currency,
      at: now,
      sourceType: 'payment_plan',
      sourceId: plan.id,
      memo: numbers.join(', '),
    },
    receivableTransferPostings(
      from.map((f) => ({ invoiceId: f.id, amount: f.amountRemaining })),
      rows.map((r) => ({ invoiceId: r.invoice.id, amount: r.invoice.amountRemaining ?? 0 })),
    ),
  );
  await tx.insert(paymentPlanInvoices).values(
    rows.map((r) => ({
      tenantId: tenant.id,
      planId: plan.id,
      invoiceId: r.invoice.id,
      role,
      position: r.position,
      amount: r.invoice.total ?? 0,
      createdAt: now,
    })),
  );
  // The originals owe nothing now: their reminders stop (without a "paid" notice to the owner).
  for (const invoice of from) await enqueueOutbox(tx, tenant.id, 'invoice.rescheduled', { invoice: invoice.id, payment_plan: plan.id }, now);
  for (const r of rows) await enqueueOutbox(tx, tenant.id, 'invoice.finalized', { invoice: r.invoice.id, number: r.invoice.number }, now);
  const ids = issued.map((i) => i.id);
  return tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, ids)));
}
