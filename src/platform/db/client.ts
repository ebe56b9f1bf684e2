import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import * as schema from './schema.ts';

// int8 arrives as a string from node-postgres; our amounts fit in a JS number, so parse once here.
pg.types.setTypeParser(20, (value) => Number(value));

export type Database = ReturnType<typeof drizzlePglite<typeof schema>>;

export type DatabaseHandle = {
  db: Database;
  kind: 'embedded' | 'postgres';
  url?: string;
  close(): Promise<void>;
};

export type DatabaseOptions = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'embedded'; dataDir: string | null }; // null: in memory (tests)

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => {}); // an idle client dying is reported on its next use
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return { db, kind: 'postgres', url: options.url, close: () => pool.end() };
  }
  let releaseLock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(options.dataDir);
  }
  const client = options.dataDir ? new PGlite(`${options.dataDir}/pg`) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'embedded',
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}
