import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { generateSecret, generateSync } from 'otplib';
import type { AppContext } from '../../src/app-context.ts';
import { addStaffUser, type Role, users } from '../../src/modules/staff/index.ts';
import { encryptSecret } from '../../src/platform/secrets.ts';

let counter = 0;

/** A member of a business with a known password; with `mfa: true` also a confirmed TOTP secret. */
export async function createStaffUser(
  ctx: AppContext,
  options: { tenantId: string; role: Role; email?: string; password?: string; mfa?: boolean },
): Promise<{ userId: string; email: string; password: string; totpSecret?: string }> {
  counter++;
  const email = options.email ?? `staff${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = options.password ?? `correct horse ${counter} battery`;
  const created = await addStaffUser(ctx, { tenantId: options.tenantId, email, role: options.role, password });
  let totpSecret: string | undefined;
  if (options.mfa) {
    // As if enrolled and confirmed in the back office (test/staff covers that flow through HTTP).
    totpSecret = generateSecret();
    await ctx.db
      .update(users)
      .set({ totpSecret: encryptSecret(totpSecret), mfaEnabled: true })
      .where(eq(users.id, created.userId));
  }
  return { userId: created.userId, email: created.email, password, ...(totpSecret ? { totpSecret } : {}) };
}

/** The current TOTP code of a secret (what the person's authenticator app shows). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

function cookiesFrom(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(
    list.map((c) => {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      return [pair!.slice(0, eq), decodeURIComponent(pair!.slice(eq + 1))];
    }),
  );
}

/**
 * Signs in through /auth like the back office does (password, then the TOTP code when the user
 * has one) and returns the Cookie header value and the CSRF token for unsafe calls.
 */
export async function signIn(
  server: FastifyInstance,
  options: { email: string; password: string; totpSecret?: string },
): Promise<{ cookie: string; csrf: string }> {
  const res = await server.inject({ method: 'POST', url: '/auth/sign_in', payload: { email: options.email, password: options.password } });
  if (res.statusCode !== 200) throw new Error(`sign in failed: ${res.statusCode} ${res.body}`);
  const cookies = cookiesFrom(res.headers['set-cookie']);
  const cookie = `duly_session=${cookies.duly_session}; duly_csrf=${cookies.duly_csrf}`;
  const csrf = cookies.duly_csrf!;
  if (res.json().next === 'mfa') {
    if (!options.totpSecret) throw new Error('this user has MFA on: pass totpSecret');
    // A code is accepted once; a second sign-in in the same 30 s uses the next step's code (within the ±1 step window).
    let status = 0;
    let body = '';
    for (const offsetMs of [0, 30_000]) {
      const mfa = await server.inject({
        method: 'POST',
        url: '/auth/mfa',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { code: totpCode(options.totpSecret, new Date(Date.now() + offsetMs)) },
      });
      status = mfa.statusCode;
      body = mfa.body;
      if (status === 200) break;
    }
    if (status !== 200) throw new Error(`MFA failed: ${status} ${body}`);
  }
  return { cookie, csrf };
}

/** Calls the API as a signed-in person (cookie + CSRF header), like the back office does. */
export async function asStaff(
  server: FastifyInstance,
  session: { cookie: string; csrf: string },
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await server.inject({
    method,
    url,
    headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }) },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}
