import { and, eq, inArray } from 'drizzle-orm';
import { enqueueOutboxRows, type OutboxInsert, outboxRow } from '../../../platform/db/outbox.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { creditKey, customerCredits, insertJournalRows, type LedgerRow } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceLines, invoices } from '../db/schema.ts';
import { finalization, finalizedColumns } from '../domain/finalization.ts';
import { getsBusinessDiscount } from '../domain/payment-terms.ts';
import { finalizationJournal, reserveInvoiceNumbers } from './finalize-draft.ts';
import { buildDraftRows, type DraftInvoiceInput, type InvoiceInsert, type InvoiceLineInsert } from './insert-draft-invoice.ts';
import { loadPaymentTerms } from './payment-terms-settings.ts';

export type IssueRequest = DraftInvoiceInput & { periodKey: string; termsDays: number };
export type IssuedInvoice = Pick<InvoiceInsert, 'id' | 'customerId' | 'currency' | 'collectionMethod' | 'status'> & {
  amountRemaining: number;
  periodKey: string;
  earlyDiscountAmount: number;
  earlyDiscountUntil: Date | null;
};

/**
 * Issues many period invoices at once (the renewal batch): each is drafted and finalised in
 * memory with the same rules as the single path, then every row is written with multi-row
 * inserts. Periods already billed are skipped, so a repeated batch is harmless.
 */
export async function issuePeriodInvoices(tx: Tx, tenant: TenantContext, requests: IssueRequest[]): Promise<IssuedInvoice[]> {
  if (requests.length === 0) return [];
  const existing = await tx
    .select({ periodKey: invoices.periodKey })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenant.id),
        inArray(
          invoices.periodKey,
          requests.map((r) => r.periodKey),
        ),
      ),
    );
  const billed = new Set(existing.map((e) => e.periodKey));
  const fresh = requests.filter((r) => !billed.has(r.periodKey));
  if (fresh.length === 0) return [];

  const numbers = await reserveInvoiceNumbers(tx, tenant, fresh.length);
  const { earlyDiscount } = await loadPaymentTerms(tx, tenant);
  const credits = await customerCredits(tx, tenant.id, [...new Set(fresh.map((r) => r.customerId))]);
  const now = tenant.now;
  const invoiceRows: InvoiceInsert[] = [];
  const lineRows: InvoiceLineInsert[] = [];
  const ledgerRows: LedgerRow[] = [];
  const events: OutboxInsert[] = [];
  const issued: IssuedInvoice[] = [];
  for (const [i, request] of fresh.entries()) {
    const { invoice, lines } = buildDraftRows(tenant, request);
    const number = numbers[i]!;
    const available = credits.get(creditKey(request.customerId, request.currency)) ?? 0;
    const f = finalization({
      total: invoice.total ?? 0,
      subtotal: invoice.subtotal ?? 0,
      discount: invoice.discount ?? 0,
      tax: invoice.tax ?? 0,
      collectionMethod: request.collectionMethod,
      daysUntilDue: request.daysUntilDue ?? null,
      termsDays: request.termsDays,
      creditAvailable: available,
      now,
      earlyDiscount: getsBusinessDiscount(request.billingReason) ? earlyDiscount : null,
      timeZone: tenant.timezone,
      billingReason: request.billingReason,
    });
    // A customer with two subscriptions in one batch must not spend the same credit twice.
    credits.set(creditKey(request.customerId, request.currency), available - f.creditApplied);
    invoiceRows.push({ ...invoice, ...finalizedColumns(f, number, now) });
    lineRows.push(...lines);
    ledgerRows.push(...finalizationJournal(tenant, { id: invoice.id!, customerId: request.customerId, currency: request.currency }, number, f));
    events.push(outboxRow(tenant.id, 'invoice.finalized', { invoice: invoice.id, number }, now));
    if (f.status === 'paid') events.push(outboxRow(tenant.id, 'invoice.paid', { invoice: invoice.id, number }, now));
    issued.push({
      id: invoice.id,
      customerId: request.customerId,
      currency: request.currency,
      collectionMethod: request.collectionMethod,
      status: f.status,
      amountRemaining: f.amountRemaining,
      periodKey: request.periodKey,
      earlyDiscountAmount: f.earlyDiscount?.amount ?? 0,
      earlyDiscountUntil: f.earlyDiscount?.until ?? null,
    });
  }
  await tx.insert(invoices).values(invoiceRows);
  if (lineRows.length > 0) await tx.insert(invoiceLines).values(lineRows);
  await insertJournalRows(tx, ledgerRows);
  await enqueueOutboxRows(tx, events);
  return issued;
}
