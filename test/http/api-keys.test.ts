import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStaff, createStaffUser, signIn } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk } from './helpers.ts';

describe('API keys', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('shows a new key once; afterwards only its prefix, and the key works until it is revoked', async () => {
    const { apiKey } = await app.tenant({ name: 'Keyed Studio' });
    const created = expectOk(await app.api(apiKey, 'POST', '/v1/api_keys', { name: 'Accounting export' }));
    expect(created).toMatchObject({ object: 'api_key', name: 'Accounting export', status: 'active', revoked_at: null });
    expect(created.secret).toMatch(/^sk_test_[A-Za-z0-9_-]{20,}$/);
    expect(created.secret.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.secret.length - 16);

    const list = expectOk(await app.api(apiKey, 'GET', '/v1/api_keys'));
    expect(list.data.map((k: { id: string }) => k.id)).toContain(created.id);
    const listed = list.data.find((k: { id: string }) => k.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      object: 'api_key',
      name: 'Accounting export',
      prefix: created.prefix,
      status: 'active',
      created: created.created,
      revoked_at: null,
    });
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(JSON.stringify(list)).not.toMatch(/hash/i);

    // The new key is a real key: it reads the same business.
    expect(expectOk(await app.api(created.secret, 'GET', '/v1/business')).name).toBe('Keyed Studio');

    const revoked = expectOk(await app.api(apiKey, 'POST', `/v1/api_keys/${created.id}/revoke`));
    expect(revoked).toMatchObject({ id: created.id, status: 'revoked' });
    expect(revoked.revoked_at).toEqual(expect.any(Number));
    expectError(await app.api(created.secret, 'GET', '/v1/business'), 401, 'api_key_invalid');
    // Revoking twice is harmless.
    expect(expectOk(await app.api(apiKey, 'POST', `/v1/api_keys/${created.id}/revoke`)).status).toBe('revoked');
  });

  it('refuses to revoke the key the request is made with', async () => {
    const { apiKey } = await app.tenant();
    const own = expectOk(await app.api(apiKey, 'GET', '/v1/api_keys')).data.find((k: { prefix: string }) => apiKey.startsWith(k.prefix));
    expect(own).toBeDefined();
    expectError(await app.api(apiKey, 'POST', `/v1/api_keys/${own.id}/revoke`), 409, 'api_key_in_use');
    expect(expectOk(await app.api(apiKey, 'GET', '/v1/business')).object).toBe('business');
  });

  it('needs a name and rejects unknown fields', async () => {
    const { apiKey } = await app.tenant();
    expectError(await app.api(apiKey, 'POST', '/v1/api_keys', { name: '  ' }), 400, 'parameter_invalid', 'name');
    expectError(await app.api(apiKey, 'POST', '/v1/api_keys', {}), 400, 'parameter_missing', 'name');
    expectClientErrorShape(await app.api(apiKey, 'POST', '/v1/api_keys', { name: 'x', scopes: ['all'] }));
  });

  it("keeps each business's keys to itself", async () => {
    const a = await app.tenant({ name: 'A' });
    const b = await app.tenant({ name: 'B' });
    const bKey = expectOk(await app.api(b.apiKey, 'POST', '/v1/api_keys', { name: 'B integration' }));
    const aList = expectOk(await app.api(a.apiKey, 'GET', '/v1/api_keys'));
    expect(aList.data.map((k: { id: string }) => k.id)).not.toContain(bKey.id);
    expectError(await app.api(a.apiKey, 'POST', `/v1/api_keys/${bKey.id}/revoke`), 404, 'resource_missing');
    expect(expectOk(await app.api(bKey.secret, 'GET', '/v1/business')).name).toBe('B');
    expectError(await app.api(null, 'GET', '/v1/api_keys'), 401, 'api_key_missing');
  });

  it('is for owners only: a manager signed in to the back office can neither list nor create keys', async () => {
    const { ctx, apiKey } = await app.tenant();
    const owner = await signIn(app.server, await createStaffUser(app.ctx, { tenantId: ctx.id, role: 'owner' }));
    const manager = await signIn(app.server, await createStaffUser(app.ctx, { tenantId: ctx.id, role: 'manager' }));
    expectError(await asStaff(app.server, manager, 'GET', '/v1/api_keys'), 403, 'role_forbidden');
    expectError(await asStaff(app.server, manager, 'POST', '/v1/api_keys', { name: 'sneaky' }), 403, 'role_forbidden');
    const created = await asStaff(app.server, owner, 'POST', '/v1/api_keys', { name: 'From the back office' });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatch(/^sk_test_/);
    const names = expectOk(await app.api(apiKey, 'GET', '/v1/api_keys')).data.map((k: { name: string | null }) => k.name);
    expect(names).toContain('From the back office');
    expect(names).not.toContain('sneaky');
    // An owner in the back office calls with a session, not a key: any key of the business can be revoked.
    const own = expectOk(await app.api(apiKey, 'GET', '/v1/api_keys')).data.find((k: { prefix: string }) => apiKey.startsWith(k.prefix));
    expect((await asStaff(app.server, owner, 'POST', `/v1/api_keys/${own.id}/revoke`)).body.status).toBe('revoked');
  });

  it('pages through keys with a cursor', async () => {
    const { apiKey } = await app.tenant();
    for (const name of ['one', 'two', 'three']) expectOk(await app.api(apiKey, 'POST', '/v1/api_keys', { name }));
    const first = expectOk(await app.api(apiKey, 'GET', '/v1/api_keys?limit=2'));
    expect(first.data.map((k: { name: string }) => k.name)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    const second = expectOk(await app.api(apiKey, 'GET', `/v1/api_keys?limit=2&starting_after=${first.data[1].id}`));
    expect(second.data.map((k: { name: string | null }) => k.name)).toEqual(['one', null]);
    expect(second.has_more).toBe(false);
  });
});

function expectClientErrorShape(res: { status: number; body: any }) {
  expect(res.status).toBe(400);
  expect(res.body.error.type).toBe('invalid_request_error');
}
