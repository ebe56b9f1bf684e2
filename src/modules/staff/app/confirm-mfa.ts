import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { recoveryCodes, sessions, users } from '../db/schema.ts';
import { normaliseRecoveryCode, RECOVERY_CODE_COUNT } from '../domain/totp.ts';
import type { StaffSession } from './authenticate-session.ts';
import { randomToken, sha256 } from './credentials.ts';
import { recordUserAudit } from './record-audit.ts';
import { acceptTotpCode } from './totp-check.ts';

function newRecoveryCode(): string {
  const raw = randomToken(8)
    .replace(/[^A-Za-z0-9]/g, 'x')
    .toLowerCase()
    .slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5, 10)}`;
}

/** A first correct code turns MFA on and hands out the recovery codes, shown this once only. */
export async function confirmMfa(ctx: AppContext, session: StaffSession, code: string, ip: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, session.userId));
  if (!user) fail('not_signed_in');
  if (user.mfaEnabled) fail('mfa_already_enabled');
  if (!user.totpSecret) fail('mfa_not_enrolled');
  if (!(await acceptTotpCode(ctx, user, code.replace(/\s/g, '')))) fail('mfa_code_invalid', undefined, 'code');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = ctx.clock.now();
  await inSystemTx(ctx.db, async (tx) => {
    await tx.update(users).set({ mfaEnabled: true }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: sha256(normaliseRecoveryCode(c)), createdAt: now })));
    await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, session.id));
  });
  await recordUserAudit(ctx, user, 'auth.mfa_enabled', 200, ip);
  return { recovery_codes: codes };
}
