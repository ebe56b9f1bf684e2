import { and, eq, sql } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { creditAppliedPostings, customerBalances, invoicePostings, postJournal } from '../../ledger/index.ts';
import { formatInvoiceNumber, type TenantContext, tenants } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { transitionInvoice } from '../domain/invoice.machine.ts';
import { applyCredit } from '../domain/invoice-totals.ts';
import { findInvoice, type InvoiceRow } from './find-invoice.ts';
import { localYear } from './local-year.ts';

const DAY_MS = 86_400_000;

/**
 * draft -> open inside the caller's transaction: the next gapless number, the due date from the
 * payment terms, the receivable in the ledger, and the customer's credit applied first.
 */
export async function finalizeDraft(tx: Tx, tenant: TenantContext, invoiceId: string, termsDays: number): Promise<InvoiceRow> {
  const invoice = await findInvoice(tx, tenant.id, invoiceId, { forUpdate: true });
  const { next } = transitionInvoice(invoice.status as 'draft', 'finalize');
  const now = tenant.now;
  const [counter] = await tx
    .update(tenants)
    .set({ lastInvoiceNumber: sql`${tenants.lastInvoiceNumber} + 1` })
    .where(eq(tenants.id, tenant.id))
    .returning({ n: tenants.lastInvoiceNumber });
  if (!counter) fail('resource_missing', 'The business no longer exists.');
  const number = formatInvoiceNumber(tenant.invoicePrefix, localYear(now, tenant.timezone), counter.n);

  const source = { tenantId: tenant.id, customerId: invoice.customerId, currency: invoice.currency, at: now };
  await postJournal(
    tx,
    { ...source, sourceType: 'invoice', sourceId: invoice.id, memo: number },
    invoicePostings(invoice.total, invoice.subtotal - invoice.discount, invoice.tax),
  );
  const { credit } = await customerBalances(tx, tenant.id, invoice.customerId);
  const { creditApplied, amountDue } = applyCredit(invoice.total, Math.max(credit, 0));
  await postJournal(tx, { ...source, sourceType: 'credit_applied', sourceId: invoice.id, memo: number }, creditAppliedPostings(creditApplied));

  const daysUntilDue = invoice.collectionMethod === 'send_invoice' ? (invoice.daysUntilDue ?? termsDays) : 0;
  const settled = amountDue === 0;
  const [updated] = await tx
    .update(invoices)
    .set({
      status: settled ? transitionInvoice(next, 'pay').next : next,
      number,
      creditApplied,
      amountRemaining: amountDue,
      daysUntilDue,
      dueDate: new Date(now.getTime() + daysUntilDue * DAY_MS),
      finalizedAt: now,
      paidAt: settled ? now : null,
    })
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)))
    .returning();
  const result = updated!;
  await enqueueOutbox(tx, tenant.id, 'invoice.finalized', { invoice: result.id, number }, now);
  if (settled) await enqueueOutbox(tx, tenant.id, 'invoice.paid', { invoice: result.id, number }, now);
  return result;
}
