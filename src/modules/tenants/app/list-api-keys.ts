import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { apiKeys } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';

/** The business's keys, newest first, revoked ones included (they show when and that they stopped working). */
export function listApiKeys(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenant.id), query.startingAfter ? lt(apiKeys.id, query.startingAfter) : undefined))
      .orderBy(desc(apiKeys.id))
      .limit(query.limit + 1),
  );
}
