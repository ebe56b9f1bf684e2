import { and, eq } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { earlyPaymentDiscountPostings, postJournal } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { transitionInvoice } from '../domain/invoice.machine.ts';
import { discountAvailable } from '../domain/payment-terms.ts';
import type { InvoiceRow } from './find-invoice.ts';

export type Settlement = { applied: number; toCredit: number; fromBadDebt: boolean; invoice: InvoiceRow; discount: number };

/**
 * Applies received money to an invoice the caller has locked: what it owes is settled, any
 * excess becomes customer credit (the caller posts the ledger entry from the split returned).
 * A payment for an invoice that is no longer payable goes entirely to credit, never lost.
 * A payment made inside the early-payment window (`paidAt`: when the client paid, e.g. when a
 * card charge was started) that covers what is owed less the discount settles the invoice in
 * full; the discount is posted here (sales_discounts against the receivable).
 */
export async function settleInvoice(tx: Tx, tenant: TenantContext, invoice: InvoiceRow, amount: number, paidAt: Date = tenant.now): Promise<Settlement> {
  const payable = invoice.status === 'open' || invoice.status === 'uncollectible';
  const offered = payable ? discountAvailable(invoice, paidAt) : 0;
  const discount = offered > 0 && amount >= invoice.amountRemaining - offered ? offered : 0;
  const applied = payable ? Math.min(amount, invoice.amountRemaining - discount) : 0;
  const toCredit = amount - applied;
  if (applied === 0 && discount === 0) return { applied, toCredit, fromBadDebt: false, invoice, discount };
  if (discount > 0) {
    await postJournal(
      tx,
      {
        tenantId: tenant.id,
        customerId: invoice.customerId,
        invoiceId: invoice.id,
        currency: invoice.currency,
        at: tenant.now,
        sourceType: 'early_payment_discount',
        sourceId: invoice.id,
        memo: invoice.number ?? undefined,
      },
      earlyPaymentDiscountPostings(discount),
    );
  }
  const remaining = invoice.amountRemaining - applied - discount;
  const paid = remaining === 0;
  const [updated] = await tx
    .update(invoices)
    .set({
      amountPaid: invoice.amountPaid + applied,
      amountRemaining: remaining,
      discountTaken: invoice.discountTaken + discount,
      ...(paid ? { status: transitionInvoice(invoice.status as 'open', 'pay').next, paidAt: tenant.now, nextPaymentAttempt: null } : {}),
    })
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)))
    .returning();
  if (paid) await enqueueOutbox(tx, tenant.id, 'invoice.paid', { invoice: invoice.id, number: invoice.number }, tenant.now);
  return { applied, toCredit, fromBadDebt: invoice.status === 'uncollectible', invoice: updated!, discount };
}
