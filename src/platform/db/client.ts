import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  // dataDir null: a throwaway database for tests, empty in memory, or with `template` a scratch
  // copy of that closed PGlite folder (already migrated: skips initdb, the slow part of a start).
  | { kind: 'embedded'; dataDir: string | null; template?: string };

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => {}); // an idle client dying is reported on its next use
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return { db, kind: 'postgres', url: options.url, close: () => pool.end() };
  }
  let release = () => {};
  let client: PGlite;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    release = acquireDataDirLock(options.dataDir);
    client = new PGlite(`${options.dataDir}/pg`);
  } else if (options.template) {
    const scratch = mkdtempSync(join(dirname(options.template), 'scratch-'));
    cpSync(options.template, scratch, { recursive: true });
    release = () => rmSync(scratch, { recursive: true, force: true });
    client = new PGlite(scratch);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'embedded',
    close: async () => {
      await client.close();
      release();
    },
  };
}
