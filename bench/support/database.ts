import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';

export type BenchDatabase = { options: DatabaseOptions; label: string; drop(): Promise<void> };

/**
 * Where a benchmark runs: a throw-away database on the PostgreSQL server named by `serverUrl`
 * (dropped afterwards), or, without one, an in-memory embedded PGlite.
 */
export async function benchDatabase(serverUrl: string | undefined, poolSize = 10): Promise<BenchDatabase> {
  if (!serverUrl) return { options: { kind: 'embedded', dataDir: null }, label: 'embedded PGlite (in memory)', drop: async () => {} };
  const name = `duly_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', url: url.toString(), poolSize },
    label: `PostgreSQL ${version} (${url.host}/${name})`,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Peak resident memory of this process so far, in MB (maxRSS is in KiB). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
