import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceLines, invoices } from '../db/schema.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

export async function findInvoice(tx: Tx, tenantId: string, id: string, opts: { forUpdate?: boolean; param?: string } = {}) {
  const query = tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) notFound('invoice', id, opts.param ?? 'id');
  return row;
}

export async function findInvoiceLines(tx: Tx, tenantId: string, invoiceId: string) {
  return tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position));
}

export async function getInvoice(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, id);
    return { invoice, lines: await findInvoiceLines(tx, tenant.id, id) };
  });
}

export async function listInvoices(
  ctx: AppContext,
  tenant: TenantContext,
  query: { limit: number; startingAfter?: string; customer?: string; subscription?: string; status?: string },
) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, tenant.id),
          query.customer ? eq(invoices.customerId, query.customer) : undefined,
          query.subscription ? eq(invoices.subscriptionId, query.subscription) : undefined,
          query.status ? eq(invoices.status, query.status) : undefined,
          query.startingAfter ? lt(invoices.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(invoices.id))
      .limit(query.limit + 1),
  );
}
