import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { invoices } from '../../invoicing/index.ts';
import { payments, refunds } from '../../payments/index.ts';
import type { PortalClient } from './portal-session.ts';

export type HistoryEntry = {
  id: string;
  type: 'payment' | 'refund';
  amount: number;
  currency: string;
  method: string | null;
  invoiceNumber: string | null;
  status: string;
  at: Date;
};

/** The client's payments and refunds, newest first. */
export async function listPortalPayments(ctx: AppContext, client: PortalClient): Promise<HistoryEntry[]> {
  const { tenant, customerId } = client;
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const paid = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenant.id), eq(payments.customerId, customerId)))
      .orderBy(desc(payments.receivedAt))
      .limit(200);
    const back = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.tenantId, tenant.id), eq(refunds.customerId, customerId)))
      .orderBy(desc(refunds.createdAt))
      .limit(200);
    const invoiceIds = [...new Set(paid.map((p) => p.invoiceId).filter((id): id is string => id !== null))];
    const numbers = new Map(
      invoiceIds.length === 0
        ? []
        : (
            await tx
              .select({ id: invoices.id, number: invoices.number })
              .from(invoices)
              .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, invoiceIds)))
          ).map((i) => [i.id, i.number]),
    );
    const invoiceOfPayment = new Map(paid.map((p) => [p.id, p.invoiceId]));
    const entries: HistoryEntry[] = [
      ...paid.map((p) => ({
        id: p.id,
        type: 'payment' as const,
        amount: p.amount,
        currency: p.currency,
        method: p.method,
        invoiceNumber: p.invoiceId ? (numbers.get(p.invoiceId) ?? null) : null,
        status: p.amountRefunded >= p.amount && p.amount > 0 ? 'refunded' : p.amountRefunded > 0 ? 'partially_refunded' : 'succeeded',
        at: p.receivedAt,
      })),
      ...back.map((r) => {
        const invoiceId = invoiceOfPayment.get(r.paymentId) ?? null;
        return {
          id: r.id,
          type: 'refund' as const,
          amount: r.amount,
          currency: r.currency,
          method: null,
          invoiceNumber: invoiceId ? (numbers.get(invoiceId) ?? null) : null,
          status: r.status,
          at: r.createdAt,
        };
      }),
    ];
    return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  });
}
