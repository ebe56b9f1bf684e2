import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceLines, invoices } from '../db/schema.ts';
import { findInvoice } from './find-invoice.ts';

/** A draft was never sent and has no number or ledger entries, so it is deleted rather than voided. */
export async function deleteDraftInvoice(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, id, { forUpdate: true });
    if (invoice.status !== 'draft') fail('invalid_state_transition', `Only drafts can be deleted; this invoice is ${invoice.status} (void it instead).`);
    await tx.delete(invoiceLines).where(and(eq(invoiceLines.tenantId, tenant.id), eq(invoiceLines.invoiceId, id)));
    await tx.delete(invoices).where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, id)));
    return { id, object: 'invoice' as const, deleted: true };
  });
}
