import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { passwordResets, sessions, users } from '../db/schema.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import { hashPassword, sha256 } from './credentials.ts';
import { recordUserAudit } from './record-audit.ts';

/** Sets a new password from a reset link (single use) and signs the person out everywhere. */
export async function resetPassword(ctx: AppContext, input: { token: string; password: string; ip: string }): Promise<void> {
  const now = ctx.clock.now();
  const [reset] = await ctx.db
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, sha256(input.token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  if (!reset) fail('reset_link_invalid', undefined, 'token');
  const problem = passwordProblem(input.password, reset.user.email);
  if (problem) fail('password_too_weak', problem, 'password');
  const passwordHash = await hashPassword(input.password);
  const claimed = await inSystemTx(ctx.db, async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, reset.reset.tokenHash), isNull(passwordResets.usedAt)))
      .returning({ userId: passwordResets.userId });
    if (used.length === 0) return false;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.user.id));
    await tx.delete(sessions).where(eq(sessions.userId, reset.user.id));
    return true;
  });
  if (!claimed) fail('reset_link_invalid', undefined, 'token');
  await recordUserAudit(ctx, reset.user, 'auth.password_reset', 200, input.ip);
}
