import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { rows } from '../platform/db/tx.ts';

/**
 * Which tenants have work due, judged by each tenant's own clock: a test-mode business is due
 * when its test clock passes, a live one when the injected clock does.
 */
export async function tenantsWithDueWork(
  ctx: AppContext,
  table:
    | 'subscriptions'
    | 'payment_attempts'
    | 'refunds'
    | 'outbox'
    | 'webhook_deliveries'
    | 'messages'
    | 'invoices'
    | 'invoice_dunning'
    | 'staff_notifications',
  onlyTenant: string | undefined,
  limit = 100,
): Promise<string[]> {
  // Each condition matches a partial (tenant_id, due) index, so this is one index probe per tenant.
  const due = {
    subscriptions: sql`w.next_billing_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    payment_attempts: sql`w.status = 'pending' and w.next_check_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    refunds: sql`w.status = 'pending' and w.next_check_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    outbox: sql`w.status = 'pending' and w.next_attempt_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    webhook_deliveries: sql`w.status = 'pending' and w.next_attempt_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    messages: sql`w.status = 'queued' and w.next_attempt_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    invoices: sql`w.status = 'open' and w.next_payment_attempt <= coalesce(t.test_clock_at, ${ctx.clock.now()})`,
    // Unseen for 10 minutes (sendNotificationDigests): the employee was offline.
    staff_notifications: sql`w.digested_at is null and w.read_at is null and w.created_at <= coalesce(t.test_clock_at, ${ctx.clock.now()}) - interval '10 minutes'`,
    invoice_dunning: sql`((w.state = 'active' and w.next_step_at <= coalesce(t.test_clock_at, ${ctx.clock.now()})) or w.actions_due_at <= coalesce(t.test_clock_at, ${ctx.clock.now()}))`,
  }[table];
  const result = await rows<{ id: string }>(
    ctx.db,
    sql`select t.id from tenants t
        where ${onlyTenant ? sql`t.id = ${onlyTenant}` : sql`true`}
          and exists (select 1 from ${sql.identifier(table)} w where w.tenant_id = t.id and ${due})
        limit ${limit}`,
  );
  return result.map((r) => r.id);
}

/** The earliest instant at which a tenant has any work, for stepping a test clock through time. */
export async function nextDueInstant(ctx: AppContext, tenantId: string): Promise<Date | null> {
  const [row] = await rows<{ at: Date | string | null }>(
    ctx.db,
    sql`select least(
          (select min(next_billing_at) from subscriptions where tenant_id = ${tenantId}),
          (select min(next_check_at) from payment_attempts where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_check_at) from refunds where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_attempt_at) from outbox where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_attempt_at) from webhook_deliveries where tenant_id = ${tenantId} and status = 'pending'),
          (select min(next_attempt_at) from messages where tenant_id = ${tenantId} and status = 'queued'),
          (select min(next_payment_attempt) from invoices where tenant_id = ${tenantId} and status = 'open'),
          (select min(next_step_at) from invoice_dunning where tenant_id = ${tenantId} and state = 'active'),
          (select min(actions_due_at) from invoice_dunning where tenant_id = ${tenantId} and actions_due_at is not null)
        ) as at`,
  );
  return row?.at ? new Date(row.at) : null;
}
