import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Queryable = Database | Tx;

/**
 * One use case = one transaction, run as the unprivileged role with the tenant pinned, so
 * row-level security hides every other tenant's rows even if a query forgets a filter.
 */
export function inTenantTx<T>(db: Database, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'duly_app', true), set_config('app.tenant_id', ${tenantId}, true)`);
    return work(tx);
  });
}

/** Cross-tenant work (scheduler claims, audit, tenant admin) runs as the owner role. */
export function inSystemTx<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}

export async function rows<T>(q: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
