import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { products } from '../db/schema.ts';

export async function createProduct(ctx: AppContext, tenant: TenantContext, input: { name: string; description?: string | null }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(products)
      .values({ tenantId: tenant.id, id: newId('prod'), name: input.name.trim(), description: input.description ?? null, createdAt: tenant.now })
      .returning();
    return row!;
  });
}
