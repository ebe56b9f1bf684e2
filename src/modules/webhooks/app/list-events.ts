import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { outbox } from '../../../platform/db/outbox-schema.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { EVENT_TYPES } from '../domain/event-types.ts';

/** The business's events, newest first: the public part of the outbox (internal topics stay hidden). */
export function listEvents(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string; type?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.tenantId, tenant.id),
          query.type ? eq(outbox.topic, query.type) : inArray(outbox.topic, [...EVENT_TYPES]),
          query.startingAfter ? lt(outbox.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(outbox.id))
      .limit(query.limit + 1),
  );
}

export async function getEvent(ctx: AppContext, tenant: TenantContext, id: string) {
  const [row] = await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantId, tenant.id), eq(outbox.id, id), inArray(outbox.topic, [...EVENT_TYPES]))),
  );
  if (!row) notFound('event', id);
  return row;
}
