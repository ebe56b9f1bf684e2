import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { InvoiceRow } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts } from '../db/schema.ts';
import { findDefaultPaymentMethod } from './attach-payment-method.ts';

/**
 * Records the intent to charge an invoice, in the caller's transaction. The gateway is called
 * only after commit (chargeAttempt); the attempt id is the idempotency key, so if we crash
 * between the gateway's answer and our record, asking again cannot charge twice.
 */
export async function createPaymentAttempt(tx: Tx, tenant: TenantContext, invoice: InvoiceRow, paymentMethodId?: string): Promise<string | null> {
  if (invoice.amountRemaining <= 0) return null;
  const method = paymentMethodId ?? (await findDefaultPaymentMethod(tx, tenant.id, invoice.customerId))?.id;
  if (!method) return null;
  const [previous] = await tx
    .select({ n: sql<number>`coalesce(max(${paymentAttempts.attemptNumber}), 0)::int` })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.invoiceId, invoice.id)));
  const id = newId('pa');
  await tx.insert(paymentAttempts).values({
    tenantId: tenant.id,
    id,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    attemptNumber: (previous?.n ?? 0) + 1,
    paymentMethodId: method,
    amount: invoice.amountRemaining,
    currency: invoice.currency,
    status: 'pending',
    idempotencyKey: `duly_${id}`,
    nextCheckAt: tenant.now,
    createdAt: tenant.now,
  });
  return id;
}
