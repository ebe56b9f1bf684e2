import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseHandle } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Tables that are read before a tenant is known (API key lookup) or are the gateway's own books.
const UNSCOPED_TABLES = ['tenants', 'api_keys', 'sandbox_charges', 'sandbox_refunds'];

/**
 * Row-level security on every table that has a tenant_id column, applied on every migrate so a
 * new table can never be forgotten. Requests run as the unprivileged role `duly_app` with
 * `app.tenant_id` set for the transaction (see tx.ts); the owning role (and superusers) bypass RLS, which is
 * what the cross-tenant scheduler claims and `duly audit` use.
 */
const ENFORCE_TENANT_ISOLATION = sql.raw(`
DO $$
DECLARE t record;
BEGIN
  BEGIN
    CREATE ROLE duly_app NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    EXECUTE format('GRANT duly_app TO %I', current_user);
  EXCEPTION WHEN others THEN NULL;
  END;
  EXECUTE 'GRANT USAGE ON SCHEMA public TO duly_app';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO duly_app';
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND tb.table_type = 'BASE TABLE'
      AND c.table_name NOT IN (${UNSCOPED_TABLES.map((t) => `'${t}'`).join(',')})
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.table_name);
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = t.table_name AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))',
        t.table_name);
    END IF;
  END LOOP;
END $$;`);

export async function migrate(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    // One dedicated connection, so the advisory lock that keeps concurrent starts from racing
    // the migrator is held by the same session that migrates.
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(727274)');
      const db = drizzlePg(client);
      await migratePg(db, { migrationsFolder });
      await db.execute(ENFORCE_TENANT_ISOLATION);
    } finally {
      await client.end();
    }
    return;
  }
  await migratePglite(handle.db, { migrationsFolder });
  await handle.db.execute(ENFORCE_TENANT_ISOLATION);
}
