import { and, eq } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { transitionInvoice } from '../domain/invoice.machine.ts';
import type { InvoiceRow } from './find-invoice.ts';

export type Settlement = { applied: number; toCredit: number; fromBadDebt: boolean; invoice: InvoiceRow };

/**
 * Applies received money to an invoice the caller has locked: what it owes is settled, any
 * excess becomes customer credit (the caller posts the ledger entry from the split returned).
 * A payment for an invoice that is no longer payable goes entirely to credit, never lost.
 */
export async function settleInvoice(tx: Tx, tenant: TenantContext, invoice: InvoiceRow, amount: number): Promise<Settlement> {
  const payable = invoice.status === 'open' || invoice.status === 'uncollectible';
  const applied = payable ? Math.min(amount, invoice.amountRemaining) : 0;
  const toCredit = amount - applied;
  if (applied === 0) return { applied, toCredit, fromBadDebt: false, invoice };
  const remaining = invoice.amountRemaining - applied;
  const paid = remaining === 0;
  const [updated] = await tx
    .update(invoices)
    .set({
      amountPaid: invoice.amountPaid + applied,
      amountRemaining: remaining,
      ...(paid ? { status: transitionInvoice(invoice.status as 'open', 'pay').next, paidAt: tenant.now, nextPaymentAttempt: null } : {}),
    })
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)))
    .returning();
  if (paid) await enqueueOutbox(tx, tenant.id, 'invoice.paid', { invoice: invoice.id, number: invoice.number }, tenant.now);
  return { applied, toCredit, fromBadDebt: invoice.status === 'uncollectible', invoice: updated! };
}
