import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { sessions, users } from '../db/schema.ts';
import type { StaffSession } from './authenticate-session.ts';
import { recordUserAudit } from './record-audit.ts';
import { recordSignInAttempt, signInRetryAfter } from './sign-in-attempts.ts';
import { acceptTotpCode, spendRecoveryCode } from './totp-check.ts';

/** The second step of signing in: a TOTP code or one of the recovery codes. Wrong codes count toward the rate limit. */
export async function verifyMfa(
  ctx: AppContext,
  session: StaffSession,
  input: { code?: string; recoveryCode?: string; ip: string },
): Promise<{ kind: 'rate_limited'; retryAfter: number } | { kind: 'done' }> {
  const retryAfter = await signInRetryAfter(ctx, session.email, input.ip);
  if (retryAfter !== null) return { kind: 'rate_limited', retryAfter };
  const [user] = await ctx.db.select().from(users).where(eq(users.id, session.userId));
  if (!user) fail('not_signed_in');
  const ok = input.recoveryCode
    ? await spendRecoveryCode(ctx, user.id, input.recoveryCode)
    : await acceptTotpCode(ctx, user, (input.code ?? '').replace(/\s/g, ''));
  if (!ok) {
    await recordSignInAttempt(ctx, session.email, input.ip, false);
    await recordUserAudit(ctx, user, 'auth.mfa_failed', 400, input.ip);
    fail('mfa_code_invalid', undefined, input.recoveryCode ? 'recovery_code' : 'code');
  }
  await ctx.db.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, session.id));
  await recordUserAudit(ctx, user, input.recoveryCode ? 'auth.sign_in_recovery_code' : 'auth.sign_in', 200, input.ip);
  return { kind: 'done' };
}
