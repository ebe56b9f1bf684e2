import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { invitations, memberships, sessions, users } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

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

async function lockMembers(tx: Tx, tenantId: string) {
  // FOR UPDATE on the business's memberships: two owners demoting each other at once cannot leave none.
  return tx.select().from(memberships).where(eq(memberships.tenantId, tenantId)).for('update');
}

function guardLastOwner(members: { userId: string; role: string }[], userId: string, stillOwner: boolean) {
  const target = members.find((m) => m.userId === userId);
  if (!target) notFound('member', userId, 'user_id');
  const owners = members.filter((m) => m.role === 'owner').length;
  if (target.role === 'owner' && !stillOwner && owners <= 1) fail('last_owner');
}

export async function changeRole(ctx: AppContext, tenantId: string, userId: string, role: Role) {
  await inSystemTx(ctx.db, async (tx) => {
    guardLastOwner(await lockMembers(tx, tenantId), userId, role === 'owner');
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  });
}

/** Takes the person out of the business and ends their sessions in it at once. */
export async function removeMember(ctx: AppContext, tenantId: string, userId: string) {
  await inSystemTx(ctx.db, async (tx) => {
    guardLastOwner(await lockMembers(tx, tenantId), userId, false);
    await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
    await tx.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId)));
  });
}

export async function revokeInvitation(ctx: AppContext, tenantId: string, id: string) {
  const deleted = await ctx.db
    .delete(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (deleted.length === 0) notFound('invitation', id);
}
