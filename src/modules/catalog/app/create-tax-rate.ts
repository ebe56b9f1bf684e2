import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { taxRates } from '../db/schema.ts';

export async function createTaxRate(ctx: AppContext, tenant: TenantContext, input: { displayName: string; percentMilli: number; inclusive: boolean }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(taxRates)
      .values({ tenantId: tenant.id, id: newId('txr'), ...input, createdAt: tenant.now })
      .returning();
    return row!;
  });
}
