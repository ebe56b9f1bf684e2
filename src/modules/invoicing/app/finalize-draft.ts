import { and, eq, sql } from 'drizzle-orm';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { customerBalances, insertJournalRows, journalRows, type LedgerRow } from '../../ledger/index.ts';
import { formatInvoiceNumber, type TenantContext, tenants } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { type Finalization, finalization, finalizedColumns } from '../domain/finalization.ts';
import { transitionInvoice } from '../domain/invoice.machine.ts';
import { getsBusinessDiscount } from '../domain/payment-terms.ts';
import { findInvoice, type InvoiceRow } from './find-invoice.ts';
import { localYear } from './local-year.ts';
import { loadPaymentTerms } from './payment-terms-settings.ts';

/** Reserves `count` consecutive invoice numbers; gapless because it commits or rolls back with the invoices. */
export async function reserveInvoiceNumbers(tx: Tx, tenant: TenantContext, count: number): Promise<string[]> {
  const [counter] = await tx
    .update(tenants)
    .set({ lastInvoiceNumber: sql`${tenants.lastInvoiceNumber} + ${count}` })
    .where(eq(tenants.id, tenant.id))
    .returning({ last: tenants.lastInvoiceNumber });
  if (!counter) fail('resource_missing', 'The business no longer exists.');
  const year = localYear(tenant.now, tenant.timezone);
  return Array.from({ length: count }, (_, i) => formatInvoiceNumber(tenant.invoicePrefix, year, counter.last - count + 1 + i));
}

/** The receivable, revenue and tax entry, then the credit-applied entry, of one finalisation. */
export function finalizationJournal(
  tenant: TenantContext,
  invoice: { id: string; customerId: string; currency: string },
  number: string,
  f: Finalization,
): LedgerRow[] {
  const source = { tenantId: tenant.id, customerId: invoice.customerId, invoiceId: invoice.id, currency: invoice.currency, at: tenant.now, memo: number };
  return [
    ...journalRows({ ...source, sourceType: 'invoice', sourceId: invoice.id }, f.invoiceJournal),
    ...journalRows({ ...source, sourceType: 'credit_applied', sourceId: invoice.id }, f.creditJournal),
  ];
}

/**
 * draft -> open inside the caller's transaction: the next gapless number, the due date from the
 * payment terms, the receivable in the ledger, and the customer's credit applied first.
 */
export async function finalizeDraft(tx: Tx, tenant: TenantContext, invoiceId: string, termsDays: number): Promise<InvoiceRow> {
  const invoice = await findInvoice(tx, tenant.id, invoiceId, { forUpdate: true });
  transitionInvoice(invoice.status as 'draft', 'finalize');
  const now = tenant.now;
  const number = (await reserveInvoiceNumbers(tx, tenant, 1))[0]!;
  const { credit } = await customerBalances(tx, tenant.id, invoice.customerId, invoice.currency);
  // A draft's own early-payment terms (days set) win over the business's; bp 0 means "none".
  const earlyDiscount =
    invoice.earlyDiscountDays != null
      ? { bp: invoice.earlyDiscountBp ?? 0, days: invoice.earlyDiscountDays }
      : getsBusinessDiscount(invoice.billingReason)
        ? (await loadPaymentTerms(tx, tenant)).earlyDiscount
        : null;
  const f = finalization({ ...invoice, termsDays, creditAvailable: credit, now, earlyDiscount, timeZone: tenant.timezone });
  await insertJournalRows(tx, finalizationJournal(tenant, invoice, number, f));
  const [updated] = await tx
    .update(invoices)
    .set(finalizedColumns(f, number, now))
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)))
    .returning();
  const result = updated!;
  await enqueueOutbox(tx, tenant.id, 'invoice.finalized', { invoice: result.id, number }, now);
  if (f.status === 'paid') await enqueueOutbox(tx, tenant.id, 'invoice.paid', { invoice: result.id, number }, now);
  return result;
}
