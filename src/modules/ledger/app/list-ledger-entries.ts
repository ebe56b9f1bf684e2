import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { ledgerEntries } from '../db/schema.ts';

export function listLedgerEntries(ctx: AppContext, tenant: TenantContext, customerId: string, page: { limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.tenantId, tenant.id),
          eq(ledgerEntries.customerId, customerId),
          page.startingAfter ? lt(ledgerEntries.id, page.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(ledgerEntries.id))
      .limit(page.limit + 1),
  );
}
