import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { renderInvoicePdf } from '../../../pdf/invoice-pdf.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { resolveLocale } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import { bpToPercent, discountAvailable, findInvoice, findInvoiceLines, payByOf } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { businessDetails } from './business-details.ts';

/** The invoice as the client sees it: a PDF in their language, named by its number. */
export async function renderInvoiceDocument(
  ctx: AppContext,
  tenant: TenantContext,
  invoiceId: string,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const data = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, invoiceId);
    const lines = await findInvoiceLines(tx, tenant.id, invoiceId);
    const [customer] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, invoice.customerId)));
    return { invoice, lines, customer: customer! };
  });
  const { invoice, lines, customer } = data;
  // The early-payment offer is printed while it can still be taken.
  const discount = discountAvailable(invoice, tenant.now);
  const offer =
    discount > 0 && invoice.earlyDiscountBp && invoice.earlyDiscountUntil
      ? { percent: bpToPercent(invoice.earlyDiscountBp), pay_by: payByOf(invoice.earlyDiscountUntil), amount: invoice.amountRemaining - discount }
      : null;
  const content = await renderInvoicePdf({
    business: await businessDetails(ctx, tenant.id),
    customer: { name: customer.name, email: customer.email, address_lines: [] },
    invoice: {
      number: invoice.number ?? invoice.id,
      status: invoice.status as 'open',
      issue_date: invoice.finalizedAt ?? invoice.createdAt,
      due_date: invoice.dueDate,
      period: invoice.periodStart && invoice.periodEnd ? { start: invoice.periodStart, end: invoice.periodEnd } : null,
      currency: invoice.currency,
      lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unit_amount: l.unitAmount, amount: l.amount, tax: l.tax })),
      subtotal: invoice.subtotal,
      discount: invoice.discount,
      tax: invoice.tax,
      total: invoice.total,
      amount_paid: invoice.amountPaid,
      amount_due: invoice.amountRemaining,
      credit_applied: Math.max(invoice.creditApplied, 0),
      early_payment_discount: offer,
      pay_url: invoice.status === 'open' ? `${publicUrl()}/portal/invoices/${invoice.id}` : null,
    },
    locale: resolveLocale(customer.preferredLocales, tenant.locale),
    timeZone: customer.timezone ?? tenant.timezone,
  });
  return { filename: `${invoice.number ?? invoice.id}.pdf`, contentType: 'application/pdf', content };
}
