import { and, asc, eq, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { invoices, scheduleInvoiceRetry } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { chargeAttempts } from './charge-attempt.ts';
import { createPaymentAttempt } from './create-payment-attempt.ts';

const BATCH = 100;

/**
 * Charges again the open invoices whose retry is due (see the retry policy), with the
 * customer's current default card: one new attempt each, recorded before the gateway is asked.
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
    const ids: string[] = [];
    for (const invoice of due) {
      await scheduleInvoiceRetry(tx, tenant.id, invoice.id, null);
      const id = await createPaymentAttempt(tx, tenant, invoice);
      if (id) ids.push(id);
    }
    return { claimed: due.length, attemptIds: ids };
  });
  await chargeAttempts(ctx, tenant, attemptIds);
  return claimed;
}
