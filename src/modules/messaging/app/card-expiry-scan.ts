import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, rows } from '../../../platform/db/tx.ts';
import { loadTenant } from '../../tenants/index.ts';
import { queueCardExpiryNotices } from './on-billing-events.ts';

/**
 * Businesses with a saved card expiring within 30 days (by each business's own clock) that has
 * not been announced yet; each gets its notices queued. Cheap enough to run on every pass.
 */
export async function runCardExpiryScan(ctx: AppContext, onlyTenant?: string): Promise<number> {
  const expiryEnd = sql`(make_date(pm.exp_year, pm.exp_month, 1) + interval '1 month')`;
  const now = sql`coalesce(t.test_clock_at, ${ctx.clock.now()})`;
  const due = await rows<{ tenant_id: string }>(
    ctx.db,
    sql`select distinct pm.tenant_id from payment_methods pm join tenants t on t.id = pm.tenant_id
        where pm.detached_at is null ${onlyTenant ? sql`and pm.tenant_id = ${onlyTenant}` : sql``}
          and ${expiryEnd} > ${now} and ${expiryEnd} <= ${now} + interval '30 days'
          and not exists (select 1 from messages m where m.tenant_id = pm.tenant_id and m.template = 'card_expiring'
                          and m.dedupe_key like '%:card_expiring:' || pm.id)
        limit 100`,
  );
  let queued = 0;
  for (const { tenant_id } of due) {
    const tenant = await loadTenant(ctx, tenant_id);
    queued += await inTenantTx(ctx.db, tenant.id, (tx) => queueCardExpiryNotices(tx, tenant));
  }
  return queued;
}
