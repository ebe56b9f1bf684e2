import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { invitations, memberships, users } from '../db/schema.ts';

/** Members of the business and the invitations still waiting for an answer. */
export async function listStaff(ctx: AppContext, tenantId: string) {
  const members = await ctx.db
    .select({ userId: users.id, email: users.email, name: users.name, mfaEnabled: users.mfaEnabled, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt));
  const pending = await ctx.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, ctx.clock.now())))
    .orderBy(asc(invitations.createdAt));
  return { members, invitations: pending };
}
