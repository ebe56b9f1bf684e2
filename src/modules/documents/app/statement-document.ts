import { and, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { balanceEffect, type StatementEntry } from '../../../pdf/statement-data.ts';
import { renderStatementPdf } from '../../../pdf/statement-pdf.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { resolveLocale } from '../../../platform/i18n/index.ts';
import { findCustomer } from '../../customers/index.ts';
import { creditNotes, invoices } from '../../invoicing/index.ts';
import { payments, refunds } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { businessDetails } from './business-details.ts';

/**
 * A customer's statement for a period: every invoice, payment, credit note and refund up to `to`,
 * the ones before `from` folded into the opening balance, and the invoices still open for aging.
 */
export async function renderStatementDocument(ctx: AppContext, tenant: TenantContext, customerId: string, range: { from: Date; to: Date }) {
  const data = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, customerId, { allowMerged: true });
    const byCustomer = <T extends { tenantId: unknown; customerId: unknown }>(table: T) =>
      and(eq(table.tenantId as never, tenant.id), eq(table.customerId as never, customerId));
    const invoiceRows = await tx
      .select()
      .from(invoices)
      .where(
        and(
          byCustomer(invoices),
          isNotNull(invoices.finalizedAt),
          inArray(invoices.status, ['open', 'paid', 'uncollectible']),
          lte(invoices.finalizedAt, range.to),
        ),
      );
    const paymentRows = await tx
      .select()
      .from(payments)
      .where(and(byCustomer(payments), lte(payments.receivedAt, range.to)));
    const noteRows = await tx
      .select()
      .from(creditNotes)
      .where(and(byCustomer(creditNotes), lte(creditNotes.createdAt, range.to)));
    const refundRows = await tx
      .select()
      .from(refunds)
      .where(and(byCustomer(refunds), eq(refunds.status, 'succeeded'), lte(refunds.createdAt, range.to)));
    return { customer, invoiceRows, paymentRows, noteRows, refundRows };
  });
  const all: StatementEntry[] = [
    ...data.invoiceRows.map((i) => ({
      date: i.finalizedAt!,
      kind: 'invoice' as const,
      reference: i.number ?? i.id,
      amount: i.total - Math.max(i.creditApplied, 0),
    })),
    ...data.paymentRows.map((p) => ({ date: p.receivedAt, kind: 'payment' as const, reference: p.reference ?? p.id, description: p.method, amount: p.amount })),
    ...data.noteRows.map((n) => ({ date: n.createdAt, kind: 'credit_note' as const, reference: n.id, description: n.reason, amount: n.amount })),
    ...data.refundRows.map((r) => ({ date: r.createdAt, kind: 'refund' as const, reference: r.id, amount: r.amount })),
    // An early-payment discount settles the invoice with its payment, so it is dated when the invoice was paid.
    ...data.invoiceRows
      .filter((i) => i.discountTaken > 0 && i.paidAt)
      .map((i) => ({ date: i.paidAt!, kind: 'discount' as const, reference: i.number ?? i.id, amount: i.discountTaken })),
  ];
  const before = all.filter((e) => e.date.getTime() < range.from.getTime());
  const within = all.filter((e) => e.date.getTime() >= range.from.getTime());
  const content = await renderStatementPdf({
    business: await businessDetails(ctx, tenant.id),
    customer: { name: data.customer.name, email: data.customer.email, address_lines: [] },
    statement: {
      currency: data.invoiceRows[0]?.currency ?? tenant.currency,
      from: range.from,
      to: range.to,
      opening_balance: before.reduce((sum, e) => sum + balanceEffect(e), 0),
      entries: within,
      open_items: data.invoiceRows
        .filter((i) => i.status === 'open' && i.dueDate)
        .map((i) => ({ reference: i.number ?? i.id, due_date: i.dueDate!, amount_due: i.amountRemaining })),
    },
    locale: resolveLocale(data.customer.preferredLocales, tenant.locale),
    timeZone: data.customer.timezone ?? tenant.timezone,
  });
  return { filename: `statement-${customerId}.pdf`, contentType: 'application/pdf', content };
}
