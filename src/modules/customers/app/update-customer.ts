import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { customers } from '../db/schema.ts';
import { type CustomerInput, normaliseCustomerInput } from '../domain/customer.ts';

export async function updateCustomer(ctx: AppContext, tenant: TenantContext, id: string, input: CustomerInput) {
  const values = normaliseCustomerInput(input);
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .update(customers)
      .set(values)
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, id)))
      .returning();
    if (!row) notFound('customer', id);
    return row;
  });
}
