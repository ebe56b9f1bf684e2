import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { prices, products, taxRates } from '../db/schema.ts';

export async function findProduct(tx: Tx, tenantId: string, id: string) {
  const [row] = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
  if (!row) notFound('product', id, 'product');
  return row;
}

export async function findTaxRate(tx: Tx, tenantId: string, id: string) {
  const [row] = await tx
    .select()
    .from(taxRates)
    .where(and(eq(taxRates.tenantId, tenantId), eq(taxRates.id, id)));
  if (!row) notFound('tax rate', id, 'tax_rate');
  return row;
}

export type PriceWithTax = typeof prices.$inferSelect & { taxRate: typeof taxRates.$inferSelect | null };

/** Prices with their tax rates, in the order asked; a missing id is a 404 naming it. */
export async function findPrices(tx: Tx, tenantId: string, ids: string[], param = 'price'): Promise<PriceWithTax[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ price: prices, taxRate: taxRates })
    .from(prices)
    .leftJoin(taxRates, and(eq(taxRates.tenantId, prices.tenantId), eq(taxRates.id, prices.taxRateId)))
    .where(and(eq(prices.tenantId, tenantId), inArray(prices.id, ids)));
  return ids.map((id) => {
    const row = rows.find((r) => r.price.id === id);
    if (!row) notFound('price', id, param);
    return { ...row.price, taxRate: row.taxRate };
  });
}

export async function getPrice(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => (await findPrices(tx, tenant.id, [id], 'id'))[0]!);
}

export async function getProduct(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, (tx) => findProduct(tx, tenant.id, id));
}

export async function listProducts(ctx: AppContext, tenant: TenantContext, page: { limit: number; startingAfter?: string; active?: boolean }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(products)
      .where(
        and(
          eq(products.tenantId, tenant.id),
          page.active !== undefined ? eq(products.active, page.active) : undefined,
          page.startingAfter ? lt(products.id, page.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(products.id))
      .limit(page.limit + 1),
  );
}

export async function listPrices(ctx: AppContext, tenant: TenantContext, page: { limit: number; startingAfter?: string; product?: string; active?: boolean }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(prices)
      .where(
        and(
          eq(prices.tenantId, tenant.id),
          page.product ? eq(prices.productId, page.product) : undefined,
          page.active !== undefined ? eq(prices.active, page.active) : undefined,
          page.startingAfter ? lt(prices.id, page.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(prices.id))
      .limit(page.limit + 1),
  );
}
