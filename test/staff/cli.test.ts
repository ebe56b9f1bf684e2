import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, createHttpServer } from '../../src/app.ts';
import { testDatabase } from '../support/database.ts';
import { asStaff, signIn } from '../support/staff.ts';

const run = promisify(execFile);
let env: NodeJS.ProcessEnv;
let database: Awaited<ReturnType<typeof testDatabase>>;
let dataDir: string;

beforeAll(async () => {
  database = await testDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'duly-staff-cli-'));
  env = { ...process.env, DULY_DATA_DIR: dataDir, DATABASE_URL: database.url ?? '' };
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const duly = (...args: string[]) => run('node', ['bin/duly.mjs', ...args], { env, timeout: 120_000 });

it('creates a business with its owner, adds a staff member, and both can sign in with the printed passwords', { timeout: 240_000 }, async () => {
  const created = JSON.parse((await duly('tenant', 'create', '--name', 'Harbour Dental', '--owner-email', 'Owner@Harbour.example', '--json')).stdout);
  expect(created.owner_email).toBe('owner@harbour.example');
  expect(created.owner_password.length).toBeGreaterThanOrEqual(10);
  const added = JSON.parse((await duly('user', 'add', '--tenant', created.tenant, '--email', 'desk@harbour.example', '--role', 'staff', '--json')).stdout);
  expect(added).toMatchObject({ email: 'desk@harbour.example', role: 'staff' });
  expect(added.password.length).toBeGreaterThanOrEqual(10);
  const refused = await duly('user', 'add', '--tenant', created.tenant, '--email', 'x@harbour.example', '--role', 'admin').catch((e) => e);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('--role must be owner, manager or staff');

  const app = await createApp({ database: database.options.kind === 'postgres' ? database.options : { kind: 'embedded', dataDir } });
  const server = await createHttpServer(app.ctx);
  try {
    const owner = await signIn(server, { email: created.owner_email, password: created.owner_password });
    const me = await asStaff(server, owner, 'GET', '/auth/session');
    expect(me.body).toMatchObject({ role: 'owner', business: { id: created.tenant, name: 'Harbour Dental' } });
    const desk = await signIn(server, { email: 'desk@harbour.example', password: added.password });
    expect((await asStaff(server, desk, 'GET', '/auth/session')).body.role).toBe('staff');
  } finally {
    await server.close();
    await app.close();
  }
});
