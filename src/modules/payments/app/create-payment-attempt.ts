import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { amountToSettle, type InvoiceRow } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts, paymentMethods } from '../db/schema.ts';
import { findDefaultPaymentMethod } from './attach-payment-method.ts';

export type AttemptInsert = typeof paymentAttempts.$inferInsert;

/**
 * The intent to charge an invoice. The gateway is called only after commit (chargeAttempt); the
 * attempt id is the idempotency key, so a crash between the gateway's answer and our record can
 * never charge twice: asking again returns the first answer.
 */
export function attemptRow(
  tenant: TenantContext,
  invoice: Pick<InvoiceRow, 'id' | 'customerId' | 'amountRemaining' | 'currency' | 'status' | 'earlyDiscountAmount' | 'earlyDiscountUntil'> &
    Partial<Pick<InvoiceRow, 'discountTaken'>>,
  paymentMethodId: string,
  attemptNumber: number,
): AttemptInsert {
  const id = newId('pa');
  return {
    tenantId: tenant.id,
    id,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    attemptNumber,
    paymentMethodId,
    // Inside the early-payment window the discounted amount settles the invoice in full.
    amount: amountToSettle(invoice, tenant.now),
    currency: invoice.currency,
    status: 'pending',
    idempotencyKey: `duly_${id}`,
    nextCheckAt: tenant.now,
    createdAt: tenant.now,
  };
}

/** Records the next attempt for one invoice in the caller's transaction (which has locked the invoice). */
export async function createPaymentAttempt(tx: Tx, tenant: TenantContext, invoice: InvoiceRow, paymentMethodId?: string): Promise<string | null> {
  if (invoice.amountRemaining <= 0) return null;
  if (paymentMethodId) {
    const [owned] = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.tenantId, tenant.id),
          eq(paymentMethods.id, paymentMethodId),
          eq(paymentMethods.customerId, invoice.customerId),
          isNull(paymentMethods.detachedAt),
        ),
      );
    if (!owned) notFound("this customer's payment method", paymentMethodId, 'payment_method');
  }
  const method = paymentMethodId ?? (await findDefaultPaymentMethod(tx, tenant.id, invoice.customerId))?.id;
  if (!method) return null;
  const [previous] = await tx
    .select({ n: sql<number>`coalesce(max(${paymentAttempts.attemptNumber}), 0)::int` })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.invoiceId, invoice.id)));
  const row = attemptRow(tenant, invoice, method, (previous?.n ?? 0) + 1);
  await tx.insert(paymentAttempts).values(row);
  return row.id;
}

/** Each customer's default card, for many customers at once (batch renewals). */
export async function defaultPaymentMethods(tx: Tx, tenantId: string, customerIds: string[]): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx
    .select({ customerId: paymentMethods.customerId, id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.tenantId, tenantId), inArray(paymentMethods.customerId, customerIds), isNull(paymentMethods.detachedAt)))
    .orderBy(paymentMethods.customerId, desc(paymentMethods.isDefault), desc(paymentMethods.id));
  const byCustomer = new Map<string, string>();
  for (const row of rows) if (!byCustomer.has(row.customerId)) byCustomer.set(row.customerId, row.id);
  return byCustomer;
}

export async function insertAttempts(tx: Tx, rows: AttemptInsert[]): Promise<void> {
  if (rows.length > 0) await tx.insert(paymentAttempts).values(rows);
}
