import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeMailboxes } from '../db/schema.ts';
import { findMailbox } from './list-mailboxes.ts';

/** Stops polling a mailbox and forgets its login; the requests and messages it brought in stay. */
export async function deleteMailbox(ctx: AppContext, tenant: TenantContext, id: string): Promise<{ id: string }> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    await findMailbox(tx, tenant.id, id, { forUpdate: true });
    await tx.delete(intakeMailboxes).where(and(eq(intakeMailboxes.tenantId, tenant.id), eq(intakeMailboxes.id, id)));
    return { id };
  });
}
