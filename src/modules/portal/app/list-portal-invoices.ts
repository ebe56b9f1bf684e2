import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { findInvoiceLines, invoices } from '../../invoicing/index.ts';
import type { PortalClient } from './portal-session.ts';

/** What a client may see: issued invoices, never drafts. */
const VISIBLE = ['open', 'uncollectible', 'paid', 'void'];
const ORDER: Record<string, number> = { open: 0, uncollectible: 0, paid: 1, void: 2 };

/** The client's invoices: the ones still to pay first, then the paid ones, newest first within each. */
export async function listPortalInvoices(ctx: AppContext, client: PortalClient) {
  const rows = await inTenantTx(ctx.db, client.tenant.id, (tx) =>
    tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, client.tenant.id), eq(invoices.customerId, client.customerId), inArray(invoices.status, VISIBLE)))
      .orderBy(desc(invoices.id))
      .limit(500),
  );
  return rows.sort((a, b) => (ORDER[a.status] ?? 3) - (ORDER[b.status] ?? 3));
}

/** One of the client's own invoices; any other id (another client's, another business's) is a 404. */
export async function getPortalInvoice(ctx: AppContext, client: PortalClient, invoiceId: string) {
  return inTenantTx(ctx.db, client.tenant.id, async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(
        and(eq(invoices.tenantId, client.tenant.id), eq(invoices.id, invoiceId), eq(invoices.customerId, client.customerId), inArray(invoices.status, VISIBLE)),
      );
    if (!invoice) notFound('invoice', invoiceId);
    return { invoice, lines: await findInvoiceLines(tx, client.tenant.id, invoiceId) };
  });
}
