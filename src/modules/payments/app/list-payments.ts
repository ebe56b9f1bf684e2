import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentAttempts, payments } from '../db/schema.ts';

export function listPayments(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string; customer?: string; invoice?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.tenantId, tenant.id),
          query.customer ? eq(payments.customerId, query.customer) : undefined,
          query.invoice ? eq(payments.invoiceId, query.invoice) : undefined,
          query.startingAfter ? lt(payments.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(payments.id))
      .limit(query.limit + 1),
  );
}

export function getPayment(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenant.id), eq(payments.id, id)));
    if (!row) notFound('payment', id);
    return row;
  });
}

export function listInvoiceAttempts(ctx: AppContext, tenant: TenantContext, invoiceId: string) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, tenant.id), eq(paymentAttempts.invoiceId, invoiceId)))
      .orderBy(asc(paymentAttempts.attemptNumber)),
  );
}
