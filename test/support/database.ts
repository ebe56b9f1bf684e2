import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseOptions, openDatabase } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

// Set by the global setup for the whole run (forked test workers inherit the environment).
const PGLITE_TEMPLATE_ENV = 'DULY_TEST_PGLITE_TEMPLATE';
const POSTGRES_TEMPLATE_ENV = 'DULY_TEST_POSTGRES_TEMPLATE';

/**
 * Each test app gets a database of its own: an embedded PGlite by default, or, when DATABASE_URL
 * is set (CI's PostgreSQL run), a fresh database on that server dropped afterwards. Under vitest
 * both start as a copy of the run's template (see createTemplateDatabase); the app still runs
 * every migration check on start, it just finds them applied. Without the global setup (benches)
 * they start empty.
 */
export async function testDatabase(): Promise<{ options: DatabaseOptions; url: string | null; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const template = process.env[PGLITE_TEMPLATE_ENV];
    return { options: { kind: 'embedded', dataDir: null, ...(template ? { template } : {}) }, url: null, drop: async () => {} };
  }
  const name = `duly_test_${randomBytes(6).toString('hex')}`;
  const template = process.env[POSTGRES_TEMPLATE_ENV];
  await onServer(serverUrl, `create database ${name}${template ? ` template ${template}` : ''}`);
  return {
    options: { kind: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 10 },
    url: databaseUrl(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Once per run (global setup): creates and migrates the database every test database copies, so
 * ~100 apps do not each run initdb (PGlite's slowest step) and every migration. It is built the
 * way `duly start` builds a new one (openDatabase + migrate). Returns the teardown.
 */
export async function createTemplateDatabase(): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `duly_template_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, `create database ${name}`);
    const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 1 });
    try {
      await migrate(handle);
    } finally {
      await handle.close(); // CREATE DATABASE ... TEMPLATE refuses a template with open sessions
    }
    process.env[POSTGRES_TEMPLATE_ENV] = name;
    return () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  }
  // tmpfs when there is one: every test app's copy is written and read there.
  const parent = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  removeAbandonedTemplates(parent);
  const root = mkdtempSync(join(parent, `duly-test-db-${process.pid}-`));
  const handle = await openDatabase({ kind: 'embedded', dataDir: join(root, 'template') });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  process.env[PGLITE_TEMPLATE_ENV] = join(root, 'template', 'pg');
  return async () => rmSync(root, { recursive: true, force: true });
}

/** A run stopped before its teardown leaves its folder (tens of MB of RAM on tmpfs): the next run removes it. */
function removeAbandonedTemplates(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = Number(/^duly-test-db-(\d+)-/.exec(name)?.[1]);
    if (pid && !isRunning(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
