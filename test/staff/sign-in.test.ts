import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../http/helpers.ts';
import { asStaff, createStaffUser, signIn, totpCode } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenantId: string;

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? (raw as string[]) : raw ? [String(raw)] : [];
}

function cookieHeader(res: { headers: Record<string, unknown> }): { cookie: string; csrf: string } {
  const pairs = Object.fromEntries(cookiesOf(res).map((c) => c.split(';')[0]!.split('=') as [string, string]));
  return { cookie: `duly_session=${pairs.duly_session}; duly_csrf=${pairs.duly_csrf}`, csrf: pairs.duly_csrf! };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.server.inject({ method: 'POST', url, payload: body as object, headers });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers as Record<string, unknown> };
}

beforeAll(async () => {
  process.env.DULY_TRUST_PROXY = 'true';
  app = await startTestApp();
  delete process.env.DULY_TRUST_PROXY;
  tenantId = (await app.tenant()).ctx.id;
});
afterAll(() => app.stop());

describe('password sign-in', () => {
  it('signs in with email and password, and the session cookie opens /auth/session and /v1', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'manager', email: 'Mara@Sunrise.example', password: 'a long enough password' });
    const res = await post('/auth/sign_in', { email: 'mara@sunrise.example', password: 'a long enough password' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ next: 'done' });
    const session = cookieHeader(res);
    const me = await asStaff(app.server, session, 'GET', '/auth/session');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: user.userId, email: 'mara@sunrise.example', mfa_enabled: false });
    expect(me.body.role).toBe('manager');
    expect(me.body.business).toMatchObject({ id: tenantId, name: 'Sunrise Fitness', currency: 'usd', mode: 'test' });
    expect(me.body.businesses).toEqual([{ id: tenantId, name: 'Sunrise Fitness', role: 'manager' }]);
    expect((await asStaff(app.server, session, 'GET', '/v1/customers')).status).toBe(200);
  });

  it('refuses a wrong password without saying whether the email exists', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'staff' });
    const wrong = await post('/auth/sign_in', { email: user.email, password: 'not the password' });
    const unknown = await post('/auth/sign_in', { email: 'nobody@example.test', password: 'not the password' });
    expectError(wrong, 401, 'sign_in_failed');
    expectError(unknown, 401, 'sign_in_failed');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(cookiesOf(wrong)).toEqual([]);
  });

  it('sets HttpOnly SameSite=Lax cookies, Secure only when the request came over https', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'staff' });
    const plain = await post('/auth/sign_in', { email: user.email, password: user.password });
    const [session, csrf] = [cookiesOf(plain).find((c) => c.startsWith('duly_session=')), cookiesOf(plain).find((c) => c.startsWith('duly_csrf='))];
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/; Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/; SameSite=Lax/);
    const tls = await post('/auth/sign_in', { email: user.email, password: user.password }, { 'x-forwarded-proto': 'https' });
    for (const cookie of cookiesOf(tls)) expect(cookie).toMatch(/; Secure/);
  });

  it('signs out: the cookie stops working', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'staff' });
    const session = await signIn(app.server, user);
    expect((await asStaff(app.server, session, 'POST', '/auth/sign_out')).status).toBe(200);
    expectError(await asStaff(app.server, session, 'GET', '/auth/session'), 401, 'not_signed_in');
    expectError(await asStaff(app.server, session, 'GET', '/v1/customers'), 401, 'not_signed_in');
  });

  it('expires a session after 12 idle hours', async () => {
    const { ManualClock } = await import('../../src/platform/clock.ts');
    const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    const timed = await startTestApp({ clock });
    try {
      const tenant = (await timed.tenant()).ctx.id;
      const user = await createStaffUser(timed.ctx, { tenantId: tenant, role: 'staff' });
      const session = await signIn(timed.server, user);
      clock.advanceMs(11 * 3_600_000);
      expect((await asStaff(timed.server, session, 'GET', '/auth/session')).status).toBe(200);
      clock.advanceMs(11 * 3_600_000); // used 11 h ago: still alive
      expect((await asStaff(timed.server, session, 'GET', '/auth/session')).status).toBe(200);
      clock.advanceMs(12 * 3_600_000 + 1000);
      expectError(await asStaff(timed.server, session, 'GET', '/auth/session'), 401, 'not_signed_in');
    } finally {
      await timed.stop();
    }
  });
});

describe('TOTP', () => {
  it('rejects a wrong code, accepts the right one once, and keeps /v1 closed until then', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'owner', mfa: true });
    const first = await post('/auth/sign_in', { email: user.email, password: user.password });
    expect(first.body).toEqual({ next: 'mfa' });
    const session = cookieHeader(first);
    expectError(await asStaff(app.server, session, 'GET', '/v1/customers'), 401, 'mfa_required');
    expectError(await asStaff(app.server, session, 'GET', '/auth/session'), 401, 'mfa_required');
    const right = totpCode(user.totpSecret!);
    const wrong = right === '000000' ? '111111' : '000000';
    expectError(await asStaff(app.server, session, 'POST', '/auth/mfa', { code: wrong }), 400, 'mfa_code_invalid', 'code');
    expect((await asStaff(app.server, session, 'POST', '/auth/mfa', { code: right })).status).toBe(200);
    expect((await asStaff(app.server, session, 'GET', '/v1/customers')).status).toBe(200);

    // The same code cannot open a second session (a shoulder-surfed code is spent).
    const again = cookieHeader(await post('/auth/sign_in', { email: user.email, password: user.password }));
    expectError(await asStaff(app.server, again, 'POST', '/auth/mfa', { code: right }), 400, 'mfa_code_invalid');
  });

  it('enrols with a QR code, hands out recovery codes, and a recovery code works exactly once', async () => {
    const { generateSync } = await import('otplib');
    const user = await createStaffUser(app.ctx, { tenantId, role: 'staff' });
    const session = await signIn(app.server, user);
    const enrol = await asStaff(app.server, session, 'POST', '/auth/mfa/enrol');
    expect(enrol.status).toBe(200);
    expect(enrol.body.qr_data_url).toMatch(/^data:image\/png;base64,/);
    expect(enrol.body.otpauth_url).toContain(`secret=${enrol.body.secret}`);
    expectError(
      await asStaff(app.server, session, 'POST', '/auth/mfa/enrol/confirm', {
        code: '123456' === generateSync({ secret: enrol.body.secret }) ? '654321' : '123456',
      }),
      400,
      'mfa_code_invalid',
    );
    const confirmed = await asStaff(app.server, session, 'POST', '/auth/mfa/enrol/confirm', { code: generateSync({ secret: enrol.body.secret }) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const codes: string[] = confirmed.body.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await asStaff(app.server, session, 'GET', '/auth/session')).body.user.mfa_enabled).toBe(true);

    const next = cookieHeader(await post('/auth/sign_in', { email: user.email, password: user.password }));
    expect((await asStaff(app.server, next, 'POST', '/auth/mfa', { recovery_code: codes[3]!.toUpperCase() })).status).toBe(200);
    const reuse = cookieHeader(await post('/auth/sign_in', { email: user.email, password: user.password }));
    expectError(await asStaff(app.server, reuse, 'POST', '/auth/mfa', { recovery_code: codes[3] }), 400, 'mfa_code_invalid', 'recovery_code');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After after 5 failures for one email from one address, wrong TOTP codes included', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'staff', mfa: true });
    const ip = { 'x-forwarded-for': '203.0.113.7' };
    const password = await post('/auth/sign_in', { email: user.email, password: user.password }, ip);
    const session = cookieHeader(password);
    for (let i = 0; i < 2; i++) {
      const res = await post(
        '/auth/mfa',
        { code: '000000' === totpCode(user.totpSecret!) ? '111111' : '000000' },
        { ...ip, cookie: session.cookie, 'x-csrf-token': session.csrf },
      );
      expectError(res, 400, 'mfa_code_invalid');
    }
    for (let i = 0; i < 3; i++) expectError(await post('/auth/sign_in', { email: user.email, password: `guess number ${i}` }, ip), 401, 'sign_in_failed');
    const limited = await post('/auth/sign_in', { email: user.email, password: user.password }, ip);
    expectError(limited, 429, 'sign_in_rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The right password does not get past the limit either, but another address may still try.
    expect((await post('/auth/sign_in', { email: user.email, password: user.password }, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
  });

  it('limits one address to 50 failures across all emails', async () => {
    const ip = { 'x-forwarded-for': '192.0.2.44' };
    for (let i = 0; i < 50; i++)
      expectError(await post('/auth/sign_in', { email: `spray${i}@example.test`, password: 'password123456' }, ip), 401, 'sign_in_failed');
    expectError(await post('/auth/sign_in', { email: 'someone-else@example.test', password: 'password123456' }, ip), 429, 'sign_in_rate_limited');
  }, 60_000);
});

describe('CSRF', () => {
  it('refuses unsafe calls made with the session cookie but without the matching X-CSRF-Token', async () => {
    const user = await createStaffUser(app.ctx, { tenantId, role: 'manager' });
    const session = await signIn(app.server, user);
    const body = { name: 'Forged Customer' };
    const missing = await post('/v1/customers', body, { cookie: session.cookie });
    expectError(missing, 403, 'csrf_token_invalid');
    expectError(await post('/v1/customers', body, { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(session.csrf.length) }), 403, 'csrf_token_invalid');
    expectError(await post('/auth/sign_out', {}, { cookie: session.cookie }), 403, 'csrf_token_invalid');
    const list = await asStaff(app.server, session, 'GET', '/v1/customers?limit=100');
    expect(list.body.data.map((c: { name: string }) => c.name)).not.toContain('Forged Customer');
    expect((await asStaff(app.server, session, 'POST', '/v1/customers', body)).status).toBe(200);
  });
});
