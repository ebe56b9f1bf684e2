import { and, eq, sql } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { rows } from '../../../platform/db/tx.ts';
import { formatDate, formatMoney, resolveLocale, translator } from '../../../platform/i18n/index.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { cardUpdateUrl, findDefaultPaymentMethod, paymentMethods, payments } from '../../payments/index.ts';
import { type TenantContext, tenantOfEvent } from '../../tenants/index.ts';
import { brandName } from './event-context.ts';
import { queueCustomerMessage } from './queue-message.ts';

async function localeOf(tx: Tx, tenant: TenantContext, customerId: string) {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, customerId)));
  return { locale: resolveLocale(customer?.preferredLocales ?? [], tenant.locale), timeZone: customer?.timezone ?? tenant.timezone };
}

/** invoice.finalized: the invoice goes to the client with its PDF, saying whether the card on file will be charged. */
export async function sendIssuedInvoice(tx: Tx, row: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, row);
  const invoiceId = String((row.payload as { invoice: string }).invoice);
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoiceId)));
  if (!invoice || invoice.total <= 0) return;
  const { locale, timeZone } = await localeOf(tx, tenant, invoice.customerId);
  const card = invoice.collectionMethod === 'charge_automatically' ? await findDefaultPaymentMethod(tx, tenant.id, invoice.customerId) : null;
  await queueCustomerMessage(tx, tenant, {
    customerId: invoice.customerId,
    template: 'invoice_issued',
    vars: {
      invoice_number: invoice.number,
      amount_due: formatMoney(invoice.amountRemaining, invoice.currency, locale),
      due_date: invoice.dueDate ? formatDate(invoice.dueDate, locale, timeZone) : '',
      pay_url: `${publicUrl()}/portal/invoices/${invoice.id}`,
      payment_mode: card ? 'autopay' : 'other',
      card_brand: card ? brandName(card.brand) : '',
      card_last4: card?.last4 ?? '',
    },
    relatedInvoiceId: invoice.id,
    attachInvoiceId: invoice.id,
    dedupeKey: `invoice_issued:${invoice.id}`,
  });
}

/** payment.succeeded: a receipt naming what was paid and how. */
export async function sendPaymentReceipt(tx: Tx, row: OutboxRow): Promise<void> {
  const tenant = await tenantOfEvent(tx, row);
  const paymentId = String((row.payload as { payment: string }).payment);
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, paymentId)));
  if (!payment) return;
  const [invoice] = payment.invoiceId
    ? await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, payment.invoiceId)))
    : [];
  const [card] = payment.attemptId
    ? await rows<{ brand: string; last4: string }>(
        tx,
        sql`select pm.brand, pm.last4 from payment_attempts a join payment_methods pm on pm.tenant_id = a.tenant_id and pm.id = a.payment_method_id
            where a.tenant_id = ${tenant.id} and a.id = ${payment.attemptId}`,
      )
    : [];
  const { locale, timeZone } = await localeOf(tx, tenant, payment.customerId);
  await queueCustomerMessage(tx, tenant, {
    customerId: payment.customerId,
    template: 'payment_receipt',
    vars: {
      amount: formatMoney(payment.amount, payment.currency, locale),
      invoice_number: invoice?.number ?? '',
      paid_date: formatDate(payment.receivedAt, locale, timeZone),
      payment_method: card
        ? translator(locale)('common:payment_method.card', { card_brand: brandName(card.brand), card_last4: card.last4 })
        : translator(locale)(`common:payment_method.${payment.method}`),
    },
    relatedInvoiceId: payment.invoiceId,
    dedupeKey: `payment_receipt:${payment.id}`,
  });
}

/**
 * Cards that expire within 30 days get one notice each, with a link to update the card. Run on
 * every scheduler pass; the dedupe key makes it once per card.
 */
export async function queueCardExpiryNotices(tx: Tx, tenant: TenantContext): Promise<number> {
  const horizon = new Date(tenant.now.getTime() + 30 * 86_400_000);
  const expiring = await tx
    .select({
      id: paymentMethods.id,
      customerId: paymentMethods.customerId,
      brand: paymentMethods.brand,
      last4: paymentMethods.last4,
      expMonth: paymentMethods.expMonth,
      expYear: paymentMethods.expYear,
    })
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, tenant.id),
        sql`${paymentMethods.detachedAt} is null`,
        // A card is valid through the last day of its expiry month.
        sql`(make_date(${paymentMethods.expYear}, ${paymentMethods.expMonth}, 1) + interval '1 month') <= ${horizon.toISOString()}::timestamptz`,
        sql`(make_date(${paymentMethods.expYear}, ${paymentMethods.expMonth}, 1) + interval '1 month') > ${tenant.now.toISOString()}::timestamptz`,
        sql`not exists (select 1 from messages m where m.tenant_id = ${tenant.id} and m.template = 'card_expiring' and m.dedupe_key like '%:card_expiring:' || ${paymentMethods.id})`,
      ),
    );
  let queued = 0;
  for (const card of expiring) {
    const ids = await queueCustomerMessage(tx, tenant, {
      customerId: card.customerId,
      template: 'card_expiring',
      vars: {
        card_brand: brandName(card.brand),
        card_last4: card.last4,
        expiry_month: String(card.expMonth).padStart(2, '0'),
        expiry_year: String(card.expYear),
        update_url: await cardUpdateUrl(tx, tenant, card.customerId),
      },
      dedupeKey: `card_expiring:${card.id}`,
    });
    queued += ids.length;
  }
  return queued;
}
