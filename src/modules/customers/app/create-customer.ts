import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { customers } from '../db/schema.ts';
import { type CustomerInput, normaliseCustomerInput } from '../domain/customer.ts';

export async function createCustomer(ctx: AppContext, tenant: TenantContext, input: CustomerInput) {
  const values = normaliseCustomerInput(input);
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({ ...values, name: values.name ?? '', tenantId: tenant.id, id: newId('cus'), createdAt: tenant.now })
      .returning();
    return row!;
  });
}
