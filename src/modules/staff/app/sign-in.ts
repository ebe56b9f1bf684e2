import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { users } from '../db/schema.ts';
import { normaliseEmail } from '../domain/password-policy.ts';
import { startSession } from './authenticate-session.ts';
import { passwordMatches, spendPasswordCheck } from './credentials.ts';
import { recordUserAudit } from './record-audit.ts';
import { recordSignInAttempt, signInRetryAfter } from './sign-in-attempts.ts';

export type SignInResult =
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'signed_in'; next: 'mfa' | 'done'; token: string; csrfToken: string; expiresAt: Date };

/** Email + password; with MFA on, the session it opens waits for the authentication code. */
export async function signIn(ctx: AppContext, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const retryAfter = await signInRetryAfter(ctx, email, input.ip);
  if (retryAfter !== null) return { kind: 'rate_limited', retryAfter };
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (!user) await spendPasswordCheck(input.password);
  if (!user || !(await passwordMatches(user.passwordHash, input.password))) {
    await recordSignInAttempt(ctx, email, input.ip, false);
    if (user) await recordUserAudit(ctx, user, 'auth.sign_in_failed', 401, input.ip);
    fail('sign_in_failed', undefined, 'password');
  }
  await recordSignInAttempt(ctx, email, input.ip, true);
  const session = await startSession(ctx, user.id, !user.mfaEnabled);
  if (!user.mfaEnabled) await recordUserAudit(ctx, user, 'auth.sign_in', 200, input.ip);
  return { kind: 'signed_in', next: user.mfaEnabled ? 'mfa' : 'done', ...session };
}
