import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { rows } from '../platform/db/tx.ts';

/**
 * Which tenants have work due, judged by each tenant's own clock: a test-mode business is due
 * when its test clock passes, a live one when the injected clock does.
 */
export async function tenantsWithDueWork(
  ctx: AppContext,
  table: 'subscriptions' | 'payment_attempts' | 'refunds' | 'outbox',
  onlyTenant: string | undefined,
  limit = 100,
): Promise<string[]> {
  const due = {
    subscriptions: sql`w.next_billing_at`,
    payment_attempts: sql`w.next_check_at`,
    refunds: sql`w.next_check_at`,
    outbox: sql`w.next_attempt_at`,
  }[table];
  const result = await rows<{ tenant_id: string }>(
    ctx.db,
    sql`select distinct w.tenant_id from ${sql.identifier(table)} w join tenants t on t.id = w.tenant_id
        where ${due} <= coalesce(t.test_clock_at, ${ctx.clock.now()})
        ${onlyTenant ? sql`and w.tenant_id = ${onlyTenant}` : sql``}
        limit ${limit}`,
  );
  return result.map((r) => r.tenant_id);
}

/** The earliest instant at which a tenant has any work, for stepping a test clock through time. */
export async function nextDueInstant(ctx: AppContext, tenantId: string): Promise<Date | null> {
  const [row] = await rows<{ at: Date | string | null }>(
    ctx.db,
    sql`select least(
          (select min(next_billing_at) from subscriptions where tenant_id = ${tenantId}),
          (select min(next_check_at) from payment_attempts where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_check_at) from refunds where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_attempt_at) from outbox where tenant_id = ${tenantId} and status = 'pending')
        ) as at`,
  );
  return row?.at ? new Date(row.at) : null;
}
