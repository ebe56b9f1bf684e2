import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { isKnownCurrency } from '../../../platform/money.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { prices } from '../db/schema.ts';
import { findProduct, findTaxRate } from './find-catalog.ts';

export type PriceInput = {
  product: string;
  currency: string;
  unitAmount: number;
  nickname?: string | null;
  taxRate?: string | null;
  recurring?: { interval: 'day' | 'week' | 'month' | 'year'; intervalCount: number } | null;
};

export async function createPrice(ctx: AppContext, tenant: TenantContext, input: PriceInput) {
  const currency = input.currency.toLowerCase();
  if (!isKnownCurrency(currency)) fail('currency_unknown', `Unknown currency: '${input.currency}'`, 'currency');
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    await findProduct(tx, tenant.id, input.product);
    if (input.taxRate) await findTaxRate(tx, tenant.id, input.taxRate);
    const [row] = await tx
      .insert(prices)
      .values({
        tenantId: tenant.id,
        id: newId('price'),
        productId: input.product,
        currency,
        unitAmount: input.unitAmount,
        type: input.recurring ? 'recurring' : 'one_time',
        interval: input.recurring?.interval ?? null,
        intervalCount: input.recurring?.intervalCount ?? null,
        taxRateId: input.taxRate ?? null,
        nickname: input.nickname ?? null,
        createdAt: tenant.now,
      })
      .returning();
    return row!;
  });
}
