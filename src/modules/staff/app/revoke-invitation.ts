import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { notFound } from '../../../platform/errors.ts';
import { invitations } from '../db/schema.ts';

export async function revokeInvitation(ctx: AppContext, tenantId: string, id: string): Promise<void> {
  const deleted = await ctx.db
    .delete(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (deleted.length === 0) notFound('invitation', id);
}
