import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/modules/messaging/index.ts';
import { expectError, fixtures } from '../http/helpers.ts';
import { asStaff, createStaffUser, signIn } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenant: { id: string; apiKey: string };
let owner: Awaited<ReturnType<typeof createStaffUser>>;
let ownerSession: { cookie: string; csrf: string };

async function lastMailTo(recipient: string) {
  const rows = await app.ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.tenantId, tenant.id), eq(messages.recipient, recipient)));
  return rows.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime()).at(-1);
}

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in: ${text}`);
  return match[1];
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.server.inject({ method: 'POST', url, payload: body as object, headers });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers as Record<string, unknown> };
}

beforeAll(async () => {
  app = await startTestApp();
  const created = await app.tenant({ name: 'Sunrise Fitness' });
  tenant = { id: created.ctx.id, apiKey: created.apiKey };
  owner = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'owner', email: 'owner@sunrise.example' });
  ownerSession = await signIn(app.server, owner);
});
afterAll(() => app.stop());

describe('invitations', () => {
  it('an owner invites a new colleague by email; they accept, set a password and land in the business', async () => {
    const invited = await asStaff(app.server, ownerSession, 'POST', '/v1/staff/invitations', { email: 'Jonas@Example.test', role: 'manager' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);
    const mail = await lastMailTo('jonas@example.test');
    expect(mail?.subject).toContain('Sunrise Fitness');
    const token = tokenIn(mail!.bodyText, '/app/invite');

    const listed = await asStaff(app.server, ownerSession, 'GET', '/v1/staff');
    expect(listed.body.invitations.map((i: { email: string }) => i.email)).toEqual(['jonas@example.test']);

    const info = await app.server.inject({ method: 'GET', url: `/auth/invitations/${token}` });
    expect(info.json()).toEqual({ business_name: 'Sunrise Fitness', email: 'jonas@example.test', role: 'manager', existing_user: false });
    expectError(await post('/auth/invitations/accept', { token, name: 'Jonas', password: 'short' }), 400, 'password_too_weak', 'password');
    expectError(await post('/auth/invitations/accept', { token, name: 'Jonas', password: 'jonas@example.test' }), 400, 'password_too_weak', 'password');
    const accepted = await post('/auth/invitations/accept', { token, name: 'Jonas', password: 'a brand new password' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expectError(await post('/auth/invitations/accept', { token, name: 'Again', password: 'a brand new password' }), 404, 'invitation_invalid');

    const jonas = await signIn(app.server, { email: 'jonas@example.test', password: 'a brand new password' });
    const me = await asStaff(app.server, jonas, 'GET', '/auth/session');
    expect(me.body).toMatchObject({ role: 'manager', business: { id: tenant.id }, user: { name: 'Jonas' } });
    const after = await asStaff(app.server, ownerSession, 'GET', '/v1/staff');
    expect(after.body.invitations).toEqual([]);
    expect(after.body.members.map((m: { email: string; role: string }) => [m.email, m.role])).toContainEqual(['jonas@example.test', 'manager']);
  });

  it('someone who already has an account accepts while signed in as that account', async () => {
    const elsewhere = await app.tenant({ name: 'Moonlight Yoga' });
    const person = await createStaffUser(app.ctx, { tenantId: elsewhere.ctx.id, role: 'owner' });
    await asStaff(app.server, ownerSession, 'POST', '/v1/staff/invitations', { email: person.email, role: 'staff' });
    const token = tokenIn((await lastMailTo(person.email))!.bodyText, '/app/invite');
    expect((await app.server.inject({ method: 'GET', url: `/auth/invitations/${token}` })).json().existing_user).toBe(true);
    expectError(await post('/auth/invitations/accept', { token }), 401, 'not_signed_in');
    expectError(
      await post('/auth/invitations/accept', { token }, { cookie: ownerSession.cookie, 'x-csrf-token': ownerSession.csrf }),
      403,
      'invitation_email_mismatch',
    );
    const session = await signIn(app.server, person);
    const accepted = await post('/auth/invitations/accept', { token }, { cookie: session.cookie, 'x-csrf-token': session.csrf });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const me = await asStaff(app.server, session, 'GET', '/auth/session');
    expect(me.body.business.id).toBe(tenant.id);
    expect(me.body.businesses.map((b: { name: string; role: string }) => [b.name, b.role])).toEqual([
      ['Moonlight Yoga', 'owner'],
      ['Sunrise Fitness', 'staff'],
    ]);
  });

  it('a revoked invitation no longer opens', async () => {
    const invited = await asStaff(app.server, ownerSession, 'POST', '/v1/staff/invitations', { email: 'late@example.test', role: 'staff' });
    const token = tokenIn((await lastMailTo('late@example.test'))!.bodyText, '/app/invite');
    expect((await asStaff(app.server, ownerSession, 'DELETE', `/v1/staff/invitations/${invited.body.id}`)).status).toBe(200);
    expectError(await post('/auth/invitations/accept', { token, password: 'a brand new password' }), 404, 'invitation_invalid');
  });
});

describe('password reset', () => {
  it('mails a one-hour single-use link; the new password works, the old one and old sessions do not', async () => {
    const user = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' });
    const oldSession = await signIn(app.server, user);
    expect((await post('/auth/password_reset', { email: 'nobody-here@example.test' })).status).toBe(200);
    expect((await post('/auth/password_reset', { email: user.email.toUpperCase() })).status).toBe(200);
    const token = tokenIn((await lastMailTo(user.email))!.bodyText, '/app/reset');
    expectError(await post('/auth/password_reset/confirm', { token, password: 'tiny' }), 400, 'password_too_weak', 'password');
    expect((await post('/auth/password_reset/confirm', { token, password: 'my new secret phrase' })).status).toBe(200);
    expectError(await post('/auth/password_reset/confirm', { token, password: 'another new phrase' }), 400, 'reset_link_invalid');
    expectError(await asStaff(app.server, oldSession, 'GET', '/auth/session'), 401, 'not_signed_in');
    expectError(await post('/auth/sign_in', { email: user.email, password: user.password }), 401, 'sign_in_failed');
    await signIn(app.server, { email: user.email, password: 'my new secret phrase' });
  });
});

describe('staff mail in the message log', () => {
  it("shows a password-reset link to no one but its owner, so staff cannot take over an owner's account", async () => {
    const staff = await signIn(app.server, await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' }));
    await post('/auth/password_reset', { email: owner.email });
    const mail = await lastMailTo(owner.email);
    expect(mail!.bodyText).toContain('/app/reset?token=');
    for (const url of [`/v1/messages/${mail!.id}`, '/v1/messages?limit=100', '/v1/mailbox?limit=100']) {
      expect(JSON.stringify((await asStaff(app.server, staff, 'GET', url)).body)).not.toContain('/app/reset?token=');
      expect(JSON.stringify((await app.api(tenant.apiKey, 'GET', url)).body)).not.toContain('/app/reset?token=');
    }
    expect((await asStaff(app.server, ownerSession, 'GET', `/v1/messages/${mail!.id}`)).body.text).toContain('/app/reset?token=');
  });
});

describe('roles and the last owner', () => {
  it('cannot demote or remove the last owner; can once there is another', async () => {
    expectError(await asStaff(app.server, ownerSession, 'POST', `/v1/staff/${owner.userId}`, { role: 'manager' }), 409, 'last_owner');
    expectError(await asStaff(app.server, ownerSession, 'DELETE', `/v1/staff/${owner.userId}`), 409, 'last_owner');
    const second = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'manager' });
    expect((await asStaff(app.server, ownerSession, 'POST', `/v1/staff/${second.userId}`, { role: 'owner' })).status).toBe(200);
    const secondSession = await signIn(app.server, second);
    expect((await asStaff(app.server, secondSession, 'GET', '/v1/staff')).status).toBe(200);
    expect((await asStaff(app.server, secondSession, 'POST', `/v1/staff/${second.userId}`, { role: 'staff' })).status).toBe(200);
    expectError(await asStaff(app.server, secondSession, 'GET', '/v1/staff'), 403, 'role_forbidden');
  });

  it('a removed member is signed out of the business at once', async () => {
    const member = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'manager' });
    const session = await signIn(app.server, member);
    expect((await asStaff(app.server, ownerSession, 'DELETE', `/v1/staff/${member.userId}`)).status).toBe(200);
    expectError(await asStaff(app.server, session, 'GET', '/v1/customers'), 401, 'not_signed_in');
  });
});

describe('audit log', () => {
  it('shows who voided an invoice, when and from where, and filters by actor', async () => {
    const manager = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'manager', email: 'voider@example.test' });
    const session = await signIn(app.server, manager);
    const customer = await fixtures(app, tenant.apiKey).customer();
    const invoice = await fixtures(app, tenant.apiKey).openInvoice(customer.id);
    expect((await asStaff(app.server, session, 'POST', `/v1/invoices/${invoice.id}/void`)).status).toBe(200);

    const log = await asStaff(app.server, ownerSession, 'GET', '/v1/audit_log?limit=100');
    expect(log.status).toBe(200);
    const voided = log.body.data.find((e: { action: string }) => e.action === 'POST /v1/invoices/:id/void');
    expect(voided).toMatchObject({ actor: { type: 'user', id: manager.userId, email: 'voider@example.test' }, target_id: invoice.id, status_code: 200 });
    const byKey = log.body.data.find((e: { action: string }) => e.action === 'POST /v1/customers');
    expect(byKey).toMatchObject({ actor: { type: 'api_key' }, target_id: customer.id });
    expect(log.body.data.some((e: { action: string; actor: { id: string } }) => e.action === 'auth.sign_in' && e.actor.id === manager.userId)).toBe(true);
    expect(JSON.stringify(log.body)).not.toContain('Anna');

    const mine = await asStaff(app.server, ownerSession, 'GET', `/v1/audit_log?actor=${manager.userId}&limit=1`);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.has_more).toBe(true);
    const nextPage = await asStaff(app.server, ownerSession, 'GET', `/v1/audit_log?actor=${manager.userId}&limit=100&starting_after=${mine.body.data[0].id}`);
    expect(nextPage.body.data.every((e: { actor: { id: string } }) => e.actor.id === manager.userId)).toBe(true);
    expect(nextPage.body.data.map((e: { id: string }) => e.id)).not.toContain(mine.body.data[0].id);
  });

  it('records failed sign-ins of a member', async () => {
    const member = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' });
    await post('/auth/sign_in', { email: member.email, password: 'not my password' });
    const log = await asStaff(app.server, ownerSession, 'GET', `/v1/audit_log?actor=${member.userId}`);
    expect(log.body.data.map((e: { action: string; status_code: number }) => [e.action, e.status_code])).toEqual([['auth.sign_in_failed', 401]]);
  });
});
