import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { recoveryCodes, users } from '../db/schema.ts';
import type { StaffSession } from './authenticate-session.ts';
import { passwordMatches } from './credentials.ts';
import { recordUserAudit } from './record-audit.ts';
import { recordSignInAttempt } from './sign-in-attempts.ts';
import { acceptTotpCode } from './totp-check.ts';

/** Turning MFA off takes both factors again, so a borrowed unlocked laptop is not enough. */
export async function disableMfa(ctx: AppContext, session: StaffSession, input: { password: string; code: string; ip: string }) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, session.userId));
  if (!user) fail('not_signed_in');
  if (!user.mfaEnabled) fail('mfa_not_enrolled');
  if (!(await passwordMatches(user.passwordHash, input.password))) {
    await recordSignInAttempt(ctx, user.email, input.ip, false);
    fail('password_incorrect', undefined, 'password');
  }
  if (!(await acceptTotpCode(ctx, user, input.code.replace(/\s/g, '')))) {
    await recordSignInAttempt(ctx, user.email, input.ip, false);
    fail('mfa_code_invalid', undefined, 'code');
  }
  await inSystemTx(ctx.db, async (tx) => {
    await tx.update(users).set({ mfaEnabled: false, totpSecret: null, totpLastStep: null }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  });
  await recordUserAudit(ctx, user, 'auth.mfa_disabled', 200, input.ip);
  return { mfa_enabled: false };
}
