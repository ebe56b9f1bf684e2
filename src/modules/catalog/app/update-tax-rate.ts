import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { taxRates } from '../db/schema.ts';
import { findTaxRate } from './find-catalog.ts';

export type TaxRateUpdate = { displayName?: string; active?: boolean };

/** The percentage is fixed once created (invoices quote it); a new rate replaces an archived one. */
export async function updateTaxRate(ctx: AppContext, tenant: TenantContext, id: string, input: TaxRateUpdate) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const current = await findTaxRate(tx, tenant.id, id);
    const set = {
      ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    if (Object.keys(set).length === 0) return current;
    const [row] = await tx
      .update(taxRates)
      .set(set)
      .where(and(eq(taxRates.tenantId, tenant.id), eq(taxRates.id, id)))
      .returning();
    return row!;
  });
}
