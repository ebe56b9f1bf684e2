import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { invoices } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts } from '../db/schema.ts';
import { chargeAttempts } from './charge-attempt.ts';
import { attemptRow, defaultPaymentMethods, insertAttempts } from './create-payment-attempt.ts';

const BATCH = 200;

/**
 * Charges again the open invoices whose retry is due (see the retry policy), with the
 * customer's current default card: one new attempt each, recorded before the gateway is asked.
 * A claimed batch costs a fixed number of statements, whatever its size.
 */
export async function retryDueInvoices(ctx: AppContext, tenant: TenantContext): Promise<number> {
  const { claimed, attemptIds } = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const due = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.status, 'open'), lte(invoices.nextPaymentAttempt, tenant.now)))
      .orderBy(asc(invoices.nextPaymentAttempt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return { claimed: 0, attemptIds: [] };
    const ids = due.map((i) => i.id);
    await tx
      .update(invoices)
      .set({ nextPaymentAttempt: null })
      .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, ids)));
    const cards = await defaultPaymentMethods(tx, tenant.id, [...new Set(due.map((i) => i.customerId))]);
    const numbers = await tx
      .select({ invoiceId: paymentAttempts.invoiceId, n: sql<number>`max(${paymentAttempts.attemptNumber})::int` })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, tenant.id), inArray(paymentAttempts.invoiceId, ids)))
      .groupBy(paymentAttempts.invoiceId);
    const lastNumber = new Map(numbers.map((r) => [r.invoiceId, Number(r.n)]));
    // Nothing left to pay, or no card to charge: the retry is dropped, as a single attempt would be.
    const attempts = due.flatMap((invoice) => {
      const card = cards.get(invoice.customerId);
      return invoice.amountRemaining > 0 && card ? [attemptRow(tenant, invoice, card, (lastNumber.get(invoice.id) ?? 0) + 1)] : [];
    });
    await insertAttempts(tx, attempts);
    return { claimed: due.length, attemptIds: attempts.map((a) => a.id) };
  });
  await chargeAttempts(ctx, tenant, attemptIds);
  return claimed;
}
