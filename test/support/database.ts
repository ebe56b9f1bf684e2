import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';

/**
 * Each test app gets a database of its own: an in-memory PGlite by default, or, when
 * DATABASE_URL is set (CI's PostgreSQL run), a fresh database on that server dropped afterwards.
 */
export async function testDatabase(): Promise<{ options: DatabaseOptions; url: string | null; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { options: { kind: 'embedded', dataDir: null }, url: null, drop: async () => {} };
  const name = `duly_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', url: url.toString(), poolSize: 10 },
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
