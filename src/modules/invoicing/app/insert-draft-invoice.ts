import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceLines, invoices } from '../db/schema.ts';
import { computeInvoiceTotals } from '../domain/invoice-totals.ts';

export type DraftLine = {
  description: string;
  priceId?: string | null;
  quantity: number;
  unitAmount: number;
  discountAmount?: number;
  taxRateId?: string | null;
  taxPercentMilli: number | null;
  taxInclusive: boolean;
  proration?: boolean;
  periodStart?: Date | null;
  periodEnd?: Date | null;
};

export type DraftInvoiceInput = {
  customerId: string;
  currency: string;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual' | 'late_fee';
  subscriptionId?: string | null;
  /** Set for a billed period: the unique key that makes billing a period twice impossible. */
  periodKey?: string | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  daysUntilDue?: number | null;
  description?: string | null;
  /** This invoice's own early-payment terms instead of the business's (bp 0 = no discount). */
  earlyDiscount?: { bp: number; days: number } | null;
  lines: DraftLine[];
};

export type InvoiceInsert = typeof invoices.$inferInsert;
export type InvoiceLineInsert = typeof invoiceLines.$inferInsert;

/** The rows of a draft invoice with totals computed once, here, for the single and the batch path. */
export function buildDraftRows(tenant: TenantContext, input: DraftInvoiceInput): { invoice: InvoiceInsert; lines: InvoiceLineInsert[] } {
  const totals = computeInvoiceTotals(input.lines);
  const invoiceId = newId('in');
  const invoice: InvoiceInsert = {
    tenantId: tenant.id,
    id: invoiceId,
    customerId: input.customerId,
    subscriptionId: input.subscriptionId ?? null,
    periodKey: input.periodKey ?? null,
    billingReason: input.billingReason,
    status: 'draft',
    currency: input.currency,
    collectionMethod: input.collectionMethod,
    subtotal: totals.subtotal,
    discount: totals.discount,
    tax: totals.tax,
    total: totals.total,
    amountRemaining: totals.total,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    daysUntilDue: input.daysUntilDue ?? null,
    description: input.description ?? null,
    earlyDiscountBp: input.earlyDiscount?.bp ?? null,
    earlyDiscountDays: input.earlyDiscount?.days ?? null,
    createdAt: tenant.now,
  };
  const lines = input.lines.map((line, position): InvoiceLineInsert => {
    const t = totals.lines[position]!;
    return {
      tenantId: tenant.id,
      id: newId('il'),
      invoiceId,
      position,
      description: line.description,
      priceId: line.priceId ?? null,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: t.amount,
      discount: t.discount,
      tax: t.tax,
      total: t.total,
      taxRateId: line.taxRateId ?? null,
      taxPercentMilli: line.taxPercentMilli,
      taxInclusive: line.taxInclusive,
      proration: line.proration ?? false,
      periodStart: line.periodStart ?? null,
      periodEnd: line.periodEnd ?? null,
      createdAt: tenant.now,
    };
  });
  return { invoice, lines };
}

/**
 * Writes a draft invoice and its lines. Returns null when the period key was already billed,
 * which is how a repeated renewal becomes harmless.
 */
export async function insertDraftInvoice(tx: Tx, tenant: TenantContext, input: DraftInvoiceInput) {
  const rows = buildDraftRows(tenant, input);
  const [invoice] = await tx.insert(invoices).values(rows.invoice).onConflictDoNothing().returning();
  if (!invoice) return null;
  if (rows.lines.length > 0) await tx.insert(invoiceLines).values(rows.lines);
  return invoice;
}
