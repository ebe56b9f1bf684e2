import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { memberships, sessions, users } from '../db/schema.ts';
import { isRole, type Role } from '../domain/roles.ts';
import { isSessionLive, needsTouch, sessionExpiresAt } from '../domain/session-policy.ts';
import { randomToken, sha256 } from './credentials.ts';

/** A signed-in person working in one business. */
export type StaffSession = {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  mfaEnabled: boolean;
  tenantId: string;
  role: Role;
  csrfToken: string;
  /** False between the password and the authentication code: only the MFA step and sign-out are open. */
  mfaPassed: boolean;
  /** The absolute end of the session (the cookie's expiry); idle sessions end earlier on the server. */
  expiresAt: Date;
};

/** The session a cookie token stands for, or null when it is unknown, expired or its business membership ended. */
export async function authenticateSession(ctx: AppContext, token: string): Promise<StaffSession | null> {
  const id = sha256(token);
  const [row] = await ctx.db
    .select({ session: sessions, user: users, role: memberships.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, and(eq(memberships.tenantId, sessions.tenantId), eq(memberships.userId, sessions.userId)))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const now = ctx.clock.now();
  if (!isSessionLive(row.session, now) || !row.role || !isRole(row.role)) {
    await ctx.db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (needsTouch(row.session, now)) await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  return {
    id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    mfaEnabled: row.user.mfaEnabled,
    tenantId: row.session.tenantId,
    role: row.role,
    csrfToken: row.session.csrfToken,
    mfaPassed: row.session.mfaPassed,
    expiresAt: row.session.expiresAt,
  };
}

/** A new session in the person's first business; the cookie carries the token, the database its hash. */
export async function startSession(ctx: AppContext, userId: string, mfaPassed: boolean, tenantId?: string) {
  const [membership] = await ctx.db
    .select()
    .from(memberships)
    .where(tenantId ? and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)) : eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) fail('no_business');
  const token = randomToken();
  const csrfToken = randomToken();
  const now = ctx.clock.now();
  const expiresAt = sessionExpiresAt(now);
  await ctx.db.insert(sessions).values({
    id: sha256(token),
    userId,
    tenantId: membership.tenantId,
    csrfToken,
    mfaPassed,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.id, sessionId));
}
