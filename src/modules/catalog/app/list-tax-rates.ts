import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { taxRates } from '../db/schema.ts';

export async function listTaxRates(ctx: AppContext, tenant: TenantContext, page: { limit: number; startingAfter?: string; active?: boolean }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(taxRates)
      .where(
        and(
          eq(taxRates.tenantId, tenant.id),
          page.active !== undefined ? eq(taxRates.active, page.active) : undefined,
          page.startingAfter ? lt(taxRates.id, page.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(taxRates.id))
      .limit(page.limit + 1),
  );
}
