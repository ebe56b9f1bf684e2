import { and, eq } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { formatDate, formatMoney, resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { queueOwnerMessage } from '../../messaging/index.ts';
import { type TenantContext, tenants } from '../../tenants/index.ts';
import type { DisputeRow } from './find-dispute.ts';

/**
 * Tells the owner a chargeback arrived (with what it costs and the evidence deadline) or how it
 * ended. Queued in the dispute's own transaction; the dedupe key makes a repeat harmless.
 */
export async function notifyOwnerOfDispute(tx: Tx, tenant: TenantContext, dispute: DisputeRow, event: 'opened' | 'closed'): Promise<void> {
  const [business] = await tx.select({ ownerEmail: tenants.ownerEmail }).from(tenants).where(eq(tenants.id, tenant.id));
  if (!business?.ownerEmail) return;
  const [customer] = await tx
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, dispute.customerId)));
  const [invoice] = dispute.invoiceId
    ? await tx
        .select({ number: invoices.number })
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, dispute.invoiceId)))
    : [];
  const locale = resolveLocale(tenant.locale, 'en');
  const vars = {
    customer_name: customer?.name ?? dispute.customerId,
    amount: formatMoney(dispute.amount, dispute.currency, locale),
    fee: formatMoney(dispute.fee, dispute.currency, locale),
    // A dispute about money paid without an invoice (credit) is named by its payment.
    invoice_number: invoice?.number ?? dispute.invoiceId ?? dispute.paymentId,
    reason: translator(locale)(`disputes:reason.${dispute.reason}`),
    due_date: formatDate(dispute.evidenceDueBy, locale, tenant.timezone),
    dispute_url: `${publicUrl()}/app/disputes/${dispute.id}`,
    outcome: dispute.status === 'won' ? 'won' : 'lost',
    fee_returned: dispute.feeReturned ? 'yes' : 'no',
  };
  const template = event === 'opened' ? 'disputes:dispute_opened_owner' : 'disputes:dispute_closed_owner';
  await queueOwnerMessage(tx, tenant, business.ownerEmail, template, vars, `dispute_${event}:${dispute.id}`);
}
