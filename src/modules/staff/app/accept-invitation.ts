import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { tenants } from '../../tenants/index.ts';
import { invitations, memberships, users } from '../db/schema.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import { type StaffSession, startSession } from './authenticate-session.ts';
import { hashPassword, sha256 } from './credentials.ts';

async function openInvitation(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({ invitation: invitations, businessName: tenants.name })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.tokenHash, sha256(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, ctx.clock.now())));
  if (!row) fail('invitation_invalid', undefined, 'token');
  return row;
}

/** What the invitation page shows before the person accepts. */
export async function getInvitation(ctx: AppContext, token: string) {
  const { invitation, businessName } = await openInvitation(ctx, token);
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
  return { business_name: businessName, email: invitation.email, role: invitation.role, existing_user: Boolean(user) };
}

/**
 * Someone with an account accepts while signed in as that account; someone new sets a name and
 * password here and is signed in straight away (they have no second factor yet).
 */
export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; name?: string; password?: string },
  session: StaffSession | null,
): Promise<{ businessId: string; newSession: Awaited<ReturnType<typeof startSession>> | null }> {
  const { invitation } = await openInvitation(ctx, input.token);
  const [existing] = await ctx.db.select().from(users).where(eq(users.email, invitation.email));
  const now = ctx.clock.now();
  if (existing) {
    if (!session?.mfaPassed) fail('not_signed_in');
    if (session.userId !== existing.id) fail('invitation_email_mismatch');
  } else {
    if (!input.password) fail('parameter_missing', 'Choose a password.', 'password');
    const problem = passwordProblem(input.password, invitation.email);
    if (problem) fail('password_too_weak', problem, 'password');
  }
  const passwordHash = existing ? null : await hashPassword(input.password!);
  const userId = existing?.id ?? newId('usr');
  const accepted = await inSystemTx(ctx.db, async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.tenantId, invitation.tenantId), eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (claimed.length === 0) return false;
    if (passwordHash) {
      await tx.insert(users).values({ id: userId, email: invitation.email, name: input.name?.trim() || null, passwordHash, createdAt: now });
    }
    await tx.insert(memberships).values({ tenantId: invitation.tenantId, userId, role: invitation.role, createdAt: now }).onConflictDoNothing();
    return true;
  });
  if (!accepted) fail('invitation_invalid', undefined, 'token');
  const newSession = existing ? null : await startSession(ctx, userId, true, invitation.tenantId);
  return { businessId: invitation.tenantId, newSession };
}
