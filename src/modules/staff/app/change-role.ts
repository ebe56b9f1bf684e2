import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { memberships } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';
import { guardLastOwner } from './owner-guard.ts';

export async function changeRole(ctx: AppContext, tenantId: string, userId: string, role: Role): Promise<void> {
  await inSystemTx(ctx.db, async (tx) => {
    await guardLastOwner(tx, tenantId, userId, role === 'owner');
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  });
}
