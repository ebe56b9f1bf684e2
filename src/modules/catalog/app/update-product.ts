import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { products } from '../db/schema.ts';
import { findProduct } from './find-catalog.ts';

export type ProductUpdate = { name?: string; description?: string | null; active?: boolean };

/** Renames, re-describes or archives (active: false) a product; subscriptions on its prices keep running. */
export async function updateProduct(ctx: AppContext, tenant: TenantContext, id: string, input: ProductUpdate) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const current = await findProduct(tx, tenant.id, id);
    const set = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    if (Object.keys(set).length === 0) return current;
    const [row] = await tx
      .update(products)
      .set(set)
      .where(and(eq(products.tenantId, tenant.id), eq(products.id, id)))
      .returning();
    return row!;
  });
}
