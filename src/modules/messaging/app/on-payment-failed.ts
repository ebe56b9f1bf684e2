import { and, eq, sql } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import { rows, type Tx } from '../../../platform/db/tx.ts';
import { formatMoney, resolveLocale } from '../../../platform/i18n/index.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { cardUpdateUrl } from '../../payments/index.ts';
import { tenantOfEvent } from '../../tenants/index.ts';
import { brandName } from './event-context.ts';
import { queueCustomerMessage, queueOwnerMessage } from './queue-message.ts';

/**
 * Seed 000's sequence, driven by each failed charge: the owner is told every time a charge
 * fails; from the second failure on (or at once when no retry can help: a hard decline or an
 * expired card) the client is asked to contact the business, with a secure link to update the
 * card. The retries themselves are the retry policy's; the owner does nothing by hand.
 */
export async function notifyPaymentFailure(tx: Tx, row: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, row);
  const attemptId = String((row.payload as { attempt: string }).attempt);
  const [attempt] = await rows<{
    attempt_number: number;
    decline_kind: string | null;
    invoice_id: string;
    brand: string;
    last4: string;
    amount: number | string;
  }>(
    tx,
    sql`select a.attempt_number, a.decline_kind, a.invoice_id, a.amount, pm.brand, pm.last4
        from payment_attempts a join payment_methods pm on pm.tenant_id = a.tenant_id and pm.id = a.payment_method_id
        where a.tenant_id = ${tenant.id} and a.id = ${attemptId}`,
  );
  if (!attempt) return;
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, attempt.invoice_id)));
  const [customer] = invoice
    ? await tx
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, invoice.customerId)))
    : [];
  if (!invoice || !customer) return;
  const common = {
    invoice_number: invoice.number ?? invoice.id,
    card_brand: brandName(attempt.brand),
    card_last4: attempt.last4,
    customer_name: customer.name,
  };
  if (tenant.ownerEmail) {
    await queueOwnerMessage(
      tx,
      tenant,
      tenant.ownerEmail,
      'payment_failed_owner',
      {
        ...common,
        amount: formatMoney(Number(attempt.amount), invoice.currency, resolveLocale(tenant.locale, 'en')),
        decline_kind: attempt.decline_kind ?? 'soft',
        invoice_url: `${publicUrl()}/app/invoices/${invoice.id}`,
      },
      `payment_failed_owner:${attemptId}`,
    );
  }
  const noRetryHelps = attempt.decline_kind === 'hard' || attempt.decline_kind === 'expired';
  if (Number(attempt.attempt_number) >= 2 || noRetryHelps) {
    const locale = resolveLocale(customer.preferredLocales, tenant.locale);
    await queueCustomerMessage(tx, tenant, {
      customerId: customer.id,
      template: 'payment_failed_client',
      vars: { ...common, amount: formatMoney(Number(attempt.amount), invoice.currency, locale), update_url: await cardUpdateUrl(tx, tenant, customer.id) },
      urgent: true,
      relatedInvoiceId: invoice.id,
      dedupeKey: `payment_failed_client:${invoice.id}:${attempt.attempt_number}`,
    });
  }
}
