import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeMailboxes } from '../db/schema.ts';

export type MailboxRow = typeof intakeMailboxes.$inferSelect;

export async function findMailbox(tx: Tx, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<MailboxRow> {
  const query = tx
    .select()
    .from(intakeMailboxes)
    .where(and(eq(intakeMailboxes.tenantId, tenantId), eq(intakeMailboxes.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) notFound('mailbox', id);
  return row;
}

export function getMailbox(ctx: AppContext, tenant: TenantContext, id: string): Promise<MailboxRow> {
  return inTenantTx(ctx.db, tenant.id, (tx) => findMailbox(tx, tenant.id, id));
}

/** A business has a handful of mailboxes: all of them, oldest first. */
export function listMailboxes(ctx: AppContext, tenant: TenantContext): Promise<MailboxRow[]> {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx.select().from(intakeMailboxes).where(eq(intakeMailboxes.tenantId, tenant.id)).orderBy(asc(intakeMailboxes.createdAt), asc(intakeMailboxes.id)),
  );
}
