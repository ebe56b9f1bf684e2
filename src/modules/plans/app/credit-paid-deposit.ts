import { and, eq, sql } from 'drizzle-orm';
import type { PaymentOutcomeListener } from '../../../app-context.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { invoices } from '../../invoicing/index.ts';
import { depositPaidPostings, ledgerEntries, postJournal } from '../../ledger/index.ts';
import { payments } from '../../payments/index.ts';

const SOURCE = 'deposit_credit';

/**
 * A paid deposit becomes customer credit. Idempotent (one journal per deposit invoice), because
 * it is reached two ways: at once from a card payment (payment outcome listener) and from the
 * invoice.paid event for money recorded by hand.
 */
export async function creditPaidDeposit(tx: Tx, tenantId: string, invoiceId: string, at: Date): Promise<void> {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)))
    .for('update');
  if (invoice?.billingReason !== 'deposit' || invoice.status !== 'paid') return;
  const [done] = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.sourceType, SOURCE), eq(ledgerEntries.sourceId, invoiceId)))
    .limit(1);
  if (done) return;
  await postJournal(
    tx,
    {
      tenantId,
      customerId: invoice.customerId,
      invoiceId,
      currency: invoice.currency,
      at,
      sourceType: SOURCE,
      sourceId: invoiceId,
      memo: invoice.number ?? undefined,
    },
    depositPaidPostings(invoice.amountPaid),
  );
  // The money paid for a deposit ends up as credit: say so on its payments, so that a refund of
  // one takes the credit back first instead of leaving the customer both refunded and in credit.
  await tx
    .update(payments)
    .set({ amountToCredit: sql`${payments.amountToCredit} + ${payments.amountApplied}`, amountApplied: 0 })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoiceId)));
}

export const depositPaymentListener: PaymentOutcomeListener = async (tx, event) => {
  if (event.outcome === 'invoice_paid') await creditPaidDeposit(tx, event.tenantId, event.invoiceId, event.at);
};

export async function onInvoicePaidCreditDeposit(tx: Tx, row: OutboxRow): Promise<void> {
  const invoiceId = String((row.payload as { invoice: string }).invoice);
  await creditPaidDeposit(tx, row.tenantId, invoiceId, row.createdAt);
}
