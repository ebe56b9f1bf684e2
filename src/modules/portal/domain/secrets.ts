import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A sign-in link works this long after it is made, by the business's clock. */
export const MAGIC_LINK_MINUTES = 30;
/** A signed-in portal browser stays signed in this long. */
export const SESSION_DAYS = 7;

/** 32 random bytes, URL-safe: the credential inside a sign-in link or a session cookie. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a leaked table holds no working link or session. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings without leaking where they differ through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Fixed-window rate limits for the public magic-link endpoint. */
export const RATE_LIMITS = {
  perIp: { max: 20, windowMinutes: 15 },
  perEmail: { max: 5, windowMinutes: 15 },
} as const;

/** The start of the fixed window `at` falls in. */
export function windowStart(at: Date, windowMinutes: number): Date {
  const size = windowMinutes * 60_000;
  return new Date(Math.floor(at.getTime() / size) * size);
}
