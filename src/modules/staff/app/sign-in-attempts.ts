import { and, eq, gte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { newId } from '../../../platform/ids.ts';
import { signInAttempts } from '../db/schema.ts';
import { retryAfterSeconds, SIGN_IN_WINDOW_MS } from '../domain/sign-in-limits.ts';

/** Seconds the caller must wait before trying this email from this address again, or null. */
export async function signInRetryAfter(ctx: AppContext, email: string, ip: string): Promise<number | null> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const failures = await ctx.db
    .select({ email: signInAttempts.email, createdAt: signInAttempts.createdAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gte(signInAttempts.createdAt, since)));
  return retryAfterSeconds({ emailAndIp: failures.filter((f) => f.email === email).map((f) => f.createdAt), ip: failures.map((f) => f.createdAt) }, now);
}

export async function recordSignInAttempt(ctx: AppContext, email: string, ip: string, succeeded: boolean): Promise<void> {
  await ctx.db.insert(signInAttempts).values({ id: newId('sia'), email, ip, succeeded, createdAt: ctx.clock.now() });
}
