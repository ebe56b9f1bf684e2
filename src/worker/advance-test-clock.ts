import { eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { loadTenant, type TenantContext, tenants } from '../modules/tenants/index.ts';
import { yieldToEventLoop } from '../platform/concurrency.ts';
import { fail } from '../platform/errors.ts';
import { nextDueInstant } from './due-work.ts';
import { runDueWork, type WorkDone } from './scheduler.ts';

const MAX_STEPS = 1_000_000;

/**
 * Moves a test-mode business's clock forward and runs everything that became due on the way,
 * stepping through each due instant so every invoice, charge and retry carries the time it
 * would have had in real life.
 */
export async function advanceTestClock(ctx: AppContext, tenant: TenantContext, to: Date): Promise<{ tenant: TenantContext; work: WorkDone }> {
  if (tenant.mode !== 'test') fail('test_mode_only');
  if (to.getTime() < tenant.now.getTime()) fail('parameter_invalid', 'A test clock only moves forward.', 'to');
  const total: WorkDone = { renewed: 0, charged: 0, refunded: 0, delivered: 0, failed: 0 };
  let current = tenant.now;
  for (let step = 0; step < MAX_STEPS; step++) {
    const due = await nextDueInstant(ctx, tenant.id);
    const next = due && due.getTime() <= to.getTime() ? new Date(Math.max(due.getTime(), current.getTime())) : to;
    await ctx.db.update(tenants).set({ testClockAt: next }).where(eq(tenants.id, tenant.id));
    current = next;
    const work = await runDueWork(ctx, tenant.id);
    await yieldToEventLoop();
    for (const key of Object.keys(total) as (keyof WorkDone)[]) total[key] += work[key];
    if (next.getTime() === to.getTime() && (!due || due.getTime() > to.getTime())) break;
  }
  return { tenant: await loadTenant(ctx, tenant.id), work: total };
}
