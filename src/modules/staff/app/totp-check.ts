import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { verifySync } from 'otplib';
import type { AppContext } from '../../../app-context.ts';
import { decryptSecret } from '../../../platform/secrets.ts';
import { recoveryCodes, users } from '../db/schema.ts';
import { normaliseRecoveryCode, TOTP_PERIOD_SECONDS, TOTP_TOLERANCE_STEPS, totpStepAt } from '../domain/totp.ts';
import { sha256 } from './credentials.ts';

/**
 * True when the code is the user's current TOTP code (one step of drift either way) and was not
 * used before: the accepted step is recorded in the same statement that checks it is newer.
 */
export async function acceptTotpCode(ctx: AppContext, user: { id: string; totpSecret: string | null }, code: string): Promise<boolean> {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return false;
  const now = ctx.clock.now();
  const result = verifySync({
    secret: decryptSecret(user.totpSecret),
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS * TOTP_TOLERANCE_STEPS,
  });
  if (!result.valid) return false;
  const step = totpStepAt(now) + result.delta;
  const updated = await ctx.db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return updated.length === 1;
}

/** Spends one recovery code; false when it is unknown or already used. */
export async function spendRecoveryCode(ctx: AppContext, userId: string, code: string): Promise<boolean> {
  const used = await ctx.db
    .update(recoveryCodes)
    .set({ usedAt: ctx.clock.now() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, sha256(normaliseRecoveryCode(code))), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return used.length === 1;
}
