import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { invoices } from '../db/schema.ts';

/** Sets (or clears, with null) when the scheduler should next charge an open invoice. */
export async function scheduleInvoiceRetry(tx: Tx, tenantId: string, invoiceId: string, at: Date | null): Promise<void> {
  await tx
    .update(invoices)
    .set({ nextPaymentAttempt: at })
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
}
