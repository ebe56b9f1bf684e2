import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { encryptSecret } from '../../../platform/secrets.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeMailboxes } from '../db/schema.ts';
import { findMailbox, type MailboxRow } from './list-mailboxes.ts';

export type MailboxInput = { host: string; port: number; secure: boolean; username: string; password: string; folder: string; enabled: boolean };

/** Adds a mailbox to poll; the password is stored sealed and never shown again. */
export async function createMailbox(ctx: AppContext, tenant: TenantContext, input: MailboxInput): Promise<MailboxRow> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(intakeMailboxes)
      .values({ tenantId: tenant.id, id: newId('mbx'), ...input, host: input.host.trim(), password: encryptSecret(input.password), createdAt: tenant.now })
      .returning();
    return row!;
  });
}

/**
 * Changes a mailbox; a password left out stays as saved. Pointing it at another server, account or
 * folder starts the UID tracking over: those UIDs mean nothing there (Message-IDs still stop repeats).
 */
export async function updateMailbox(ctx: AppContext, tenant: TenantContext, id: string, input: Partial<MailboxInput>): Promise<MailboxRow> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const before = await findMailbox(tx, tenant.id, id, { forUpdate: true });
    const host = input.host?.trim();
    const moved =
      (host !== undefined && host !== before.host) ||
      (input.port !== undefined && input.port !== before.port) ||
      (input.username !== undefined && input.username !== before.username) ||
      (input.folder !== undefined && input.folder !== before.folder);
    const [row] = await tx
      .update(intakeMailboxes)
      .set({
        host,
        port: input.port,
        secure: input.secure,
        username: input.username,
        folder: input.folder,
        enabled: input.enabled,
        password: input.password === undefined ? undefined : encryptSecret(input.password),
        ...(moved ? { uidValidity: null, lastUid: 0 } : {}),
        // A changed setting may have fixed what failed: the next poll says whether it did.
        lastError: null,
      })
      .where(and(eq(intakeMailboxes.tenantId, tenant.id), eq(intakeMailboxes.id, id)))
      .returning();
    return row!;
  });
}
