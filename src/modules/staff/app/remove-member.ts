import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { memberships, sessions } from '../db/schema.ts';
import { guardLastOwner } from './owner-guard.ts';

/** Takes the person out of the business and ends their sessions in it at once. */
export async function removeMember(ctx: AppContext, tenantId: string, userId: string): Promise<void> {
  await inSystemTx(ctx.db, async (tx) => {
    await guardLastOwner(tx, tenantId, userId, false);
    await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
    await tx.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId)));
  });
}
