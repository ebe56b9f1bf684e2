import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messages } from '../db/schema.ts';

export function listMessages(
  ctx: AppContext,
  tenant: TenantContext,
  query: { limit: number; startingAfter?: string; customer?: string; invoice?: string; provider?: string },
) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.tenantId, tenant.id),
          query.customer ? eq(messages.customerId, query.customer) : undefined,
          query.invoice ? eq(messages.relatedInvoiceId, query.invoice) : undefined,
          query.provider ? eq(messages.provider, query.provider) : undefined,
          query.startingAfter ? lt(messages.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(messages.id))
      .limit(query.limit + 1),
  );
}

export function getMessage(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenant.id), eq(messages.id, id)));
    if (!row) notFound('message', id);
    return row;
  });
}
