import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { disputes } from '../db/schema.ts';
import type { DisputeState } from '../domain/dispute.machine.ts';

export function listDisputes(
  ctx: AppContext,
  tenant: TenantContext,
  query: { limit: number; startingAfter?: string; status?: DisputeState; customer?: string },
) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(disputes)
      .where(
        and(
          eq(disputes.tenantId, tenant.id),
          query.status ? eq(disputes.status, query.status) : undefined,
          query.customer ? eq(disputes.customerId, query.customer) : undefined,
          query.startingAfter ? lt(disputes.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(disputes.id))
      .limit(query.limit + 1),
  );
}

export function getDispute(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(disputes)
      .where(and(eq(disputes.tenantId, tenant.id), eq(disputes.id, id)));
    if (!row) notFound('dispute', id);
    return row;
  });
}
