import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, fixtures } from '../http/helpers.ts';
import { asStaff, createStaffUser, signIn } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let a: { id: string; apiKey: string };
let b: { id: string; apiKey: string };

beforeAll(async () => {
  app = await startTestApp();
  const first = await app.tenant({ name: 'Sunrise Fitness' });
  const second = await app.tenant({ name: 'Moonlight Yoga' });
  a = { id: first.ctx.id, apiKey: first.apiKey };
  b = { id: second.ctx.id, apiKey: second.apiKey };
});
afterAll(() => app.stop());

describe('roles', () => {
  it('staff may list and create customers and record a manual payment, but not owner or manager work', async () => {
    const staff = await signIn(app.server, await createStaffUser(app.ctx, { tenantId: a.id, role: 'staff' }));
    expect((await asStaff(app.server, staff, 'GET', '/v1/customers')).status).toBe(200);
    const customer = await asStaff(app.server, staff, 'POST', '/v1/customers', { name: 'Walk-in Client' });
    expect(customer.status).toBe(200);
    const invoice = await fixtures(app, a.apiKey).openInvoice(customer.body.id, 2500);
    const paid = await asStaff(app.server, staff, 'POST', `/v1/invoices/${invoice.id}/pay`, { paid_out_of_band: true });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.status).toBe('paid');

    const forbidden = expectError(await asStaff(app.server, staff, 'POST', '/v1/business', { name: 'Hijacked' }), 403, 'role_forbidden');
    expect(forbidden.message).toBe('Your role does not allow this.');
    expectError(await asStaff(app.server, staff, 'GET', '/v1/audit_log'), 403, 'role_forbidden');
    expectError(await asStaff(app.server, staff, 'GET', '/v1/staff'), 403, 'role_forbidden');
    // The directory (to pass a request to a colleague) is open to every role, without security details.
    const directory = await asStaff(app.server, staff, 'GET', '/v1/staff/directory');
    expect(directory.status).toBe(200);
    expect(directory.body.data.length).toBeGreaterThan(0);
    expect(directory.body.data[0]).not.toHaveProperty('mfa_enabled');
    const other = await fixtures(app, a.apiKey).openInvoice(customer.body.id, 1000);
    expectError(await asStaff(app.server, staff, 'POST', `/v1/invoices/${other.id}/void`), 403, 'role_forbidden');
    expect((await app.api(a.apiKey, 'GET', '/v1/business')).body.name).toBe('Sunrise Fitness');
  });

  it('a manager may void an invoice but not change owner-only settings', async () => {
    const manager = await signIn(app.server, await createStaffUser(app.ctx, { tenantId: a.id, role: 'manager' }));
    const customer = await fixtures(app, a.apiKey).customer();
    const invoice = await fixtures(app, a.apiKey).openInvoice(customer.id);
    const voided = await asStaff(app.server, manager, 'POST', `/v1/invoices/${invoice.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body.status).toBe('void');
    expectError(await asStaff(app.server, manager, 'POST', '/v1/settings/retry_policy', { schedule_days: [1, 3] }), 403, 'role_forbidden');
    expectError(
      await asStaff(app.server, manager, 'POST', '/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['*'] }),
      403,
      'role_forbidden',
    );
  });
});

describe('businesses', () => {
  it("a member of business A cannot read B's customer by id, nor switch to B", async () => {
    const user = await createStaffUser(app.ctx, { tenantId: a.id, role: 'owner' });
    const session = await signIn(app.server, user);
    const secret = await fixtures(app, b.apiKey).customer({ name: 'Moonlight Client' });
    expectError(await asStaff(app.server, session, 'GET', `/v1/customers/${secret.id}`), 404, 'resource_missing');
    expectError(await asStaff(app.server, session, 'POST', `/v1/customers/${secret.id}`, { name: 'Renamed' }), 404, 'resource_missing');
    expectError(await asStaff(app.server, session, 'POST', '/auth/switch_business', { business_id: b.id }), 404, 'resource_missing');
    expect((await asStaff(app.server, session, 'GET', '/auth/session')).body.business.id).toBe(a.id);
    expect((await app.api(b.apiKey, 'GET', `/v1/customers/${secret.id}`)).body.name).toBe('Moonlight Client');
  });

  it('one person in two businesses switches between them and sees only the current one', async () => {
    const user = await createStaffUser(app.ctx, { tenantId: a.id, role: 'owner' });
    await createStaffUser(app.ctx, { tenantId: b.id, role: 'staff', email: user.email });
    const inA = await fixtures(app, a.apiKey).customer({ name: 'Only in Sunrise' });
    const inB = await fixtures(app, b.apiKey).customer({ name: 'Only in Moonlight' });
    const session = await signIn(app.server, user);

    const me = await asStaff(app.server, session, 'GET', '/auth/session');
    expect(me.body.businesses).toEqual([
      { id: b.id, name: 'Moonlight Yoga', role: 'staff' },
      { id: a.id, name: 'Sunrise Fitness', role: 'owner' },
    ]);
    const namesNow = async () => (await asStaff(app.server, session, 'GET', '/v1/customers?limit=100')).body.data.map((c: { name: string }) => c.name);
    expect(me.body.business.id).toBe(a.id);
    expect(await namesNow()).toContain('Only in Sunrise');
    expect(await namesNow()).not.toContain('Only in Moonlight');

    const switched = await asStaff(app.server, session, 'POST', '/auth/switch_business', { business_id: b.id });
    expect(switched.status).toBe(200);
    expect(switched.body.business.id).toBe(b.id);
    expect(switched.body.role).toBe('staff');
    expect(await namesNow()).toContain('Only in Moonlight');
    expect(await namesNow()).not.toContain('Only in Sunrise');
    expectError(await asStaff(app.server, session, 'GET', `/v1/customers/${inA.id}`), 404, 'resource_missing');
    expect((await asStaff(app.server, session, 'GET', `/v1/customers/${inB.id}`)).status).toBe(200);
    // The role follows the business: staff in Moonlight, so its settings are closed.
    expectError(await asStaff(app.server, session, 'POST', '/v1/business', { name: 'Renamed' }), 403, 'role_forbidden');
  });
});
