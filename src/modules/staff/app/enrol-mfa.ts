import { eq } from 'drizzle-orm';
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { encryptSecret } from '../../../platform/secrets.ts';
import { users } from '../db/schema.ts';
import type { StaffSession } from './authenticate-session.ts';

/** Starts enrolment: a new secret, shown once as text and QR code; MFA is on only after a code confirms it. */
export async function enrolMfa(ctx: AppContext, session: StaffSession) {
  if (session.mfaEnabled) fail('mfa_already_enabled');
  const secret = generateSecret();
  await ctx.db
    .update(users)
    .set({ totpSecret: encryptSecret(secret), totpLastStep: null })
    .where(eq(users.id, session.userId));
  const otpauthUrl = generateURI({ issuer: 'Duly', label: session.email, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 });
  return { secret, otpauth_url: otpauthUrl, qr_data_url: qrDataUrl };
}
