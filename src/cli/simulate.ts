import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { createPrice, createProduct } from '../modules/catalog/index.ts';
import { createCustomer } from '../modules/customers/index.ts';
import { attachPaymentMethod, updateRetryPolicy } from '../modules/payments/index.ts';
import { createSubscription } from '../modules/subscriptions/index.ts';
import { createTenant, loadTenant, type TenantContext, tenants } from '../modules/tenants/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import { rows } from '../platform/db/tx.ts';
import { advanceTestClock } from '../worker/advance-test-clock.ts';
import { nextDueInstant } from '../worker/due-work.ts';
import { runAudit } from './audit.ts';
import { drawPortfolio, type SimulatedCustomer } from './simulate-portfolio.ts';
import { type RecoveryReport, recoveryReport } from './simulate-recovery.ts';

export { seededRandom } from './simulate-portfolio.ts';

export type SimulationReport = {
  customers: number;
  months: number;
  invoices: number;
  invoiced: number;
  collected: number;
  failed_attempts: number;
  open_invoices: number;
  outstanding: number;
  credit: number;
  ledger_balance: number;
  audit_violations: number;
  elapsed_seconds: number;
  /** The same customers under the smart policy (the default) and a naive one, side by side. */
  recovery: { smart: RecoveryReport; naive: RecoveryReport };
};

/** The comparison baseline: every 3 days, 4 times, whatever the decline (what many businesses do by hand). */
const NAIVE_POLICY = { strategy: 'fixed', intervalDays: 3, maxRetries: 4, retryHardDeclines: true } as const;

type Studio = { tenant: TenantContext; customerIds: string[] };

/**
 * Two simulated studios with the same customers and cards, one on the smart retry policy and one
 * on the naive schedule, run forward together on the simulated clock. The app's clock (which the
 * sandbox gateway reads) moves in step with both test clocks, so a card that pays only after
 * payday sees the same dates in both studios.
 */
export async function simulate(
  ctx: AppContext,
  clock: ManualClock,
  options: { customers: number; months: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<SimulationReport> {
  const started = performance.now();
  const start = clock.now();
  const portfolio = drawPortfolio({ customers: options.customers, months: options.months, seed: options.seed, start });
  const smart = await openStudio(ctx, 'Simulated Studio', portfolio);
  const naive = await openStudio(ctx, 'Simulated Studio (naive retries)', portfolio);
  await updateRetryPolicy(ctx, naive.tenant, NAIVE_POLICY);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + options.months, start.getUTCDate(), start.getUTCHours()));
  const newCards = portfolio
    .map((customer, index) => ({ at: customer.newCardAt, index }))
    .filter((c): c is { at: Date; index: number } => c.at !== null && c.at.getTime() < end.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const span = end.getTime() - start.getTime();
  let now = start;
  while (now.getTime() < end.getTime()) {
    const dues = await Promise.all([smart, naive].map((s) => nextDueInstant(ctx, s.tenant.id)));
    const candidates = [end, ...dues.filter((d): d is Date => d !== null), ...(newCards[0] ? [newCards[0].at] : [])];
    now = new Date(Math.max(now.getTime() + 1000, Math.min(...candidates.map((d) => d.getTime()))));
    clock.set(now);
    while (newCards[0] && newCards[0].at.getTime() <= now.getTime()) {
      const { index } = newCards.shift()!;
      for (const studio of [smart, naive]) {
        await setTestClock(ctx, studio.tenant.id, now);
        await attachPaymentMethod(ctx, await loadTenant(ctx, studio.tenant.id), studio.customerIds[index]!, 'pm_card_visa');
      }
    }
    for (const [i, studio] of [smart, naive].entries()) {
      const due = dues[i];
      if (due && due.getTime() <= now.getTime()) await advanceTestClock(ctx, await loadTenant(ctx, studio.tenant.id), now);
      else await setTestClock(ctx, studio.tenant.id, now);
    }
    options.onProgress?.(Math.round(((now.getTime() - start.getTime()) / span) * 100), 100);
  }
  const violations = await runAudit(ctx.db);
  const figures = await studioFigures(ctx, smart.tenant.id);
  return {
    customers: options.customers,
    months: options.months,
    ...figures,
    audit_violations: violations.length,
    elapsed_seconds: Math.round((performance.now() - started) / 10) / 100,
    recovery: {
      smart: await recoveryReport(ctx.db, smart.tenant.id, 'smart (default)', now),
      naive: await recoveryReport(ctx.db, naive.tenant.id, 'naive (every 3 days x4)', now),
    },
  };
}

async function openStudio(ctx: AppContext, name: string, portfolio: SimulatedCustomer[]): Promise<Studio> {
  const created = await createTenant(ctx, { name, mode: 'test', currency: 'usd', timezone: 'America/New_York' });
  const tenant = await loadTenant(ctx, created.tenant);
  const product = await createProduct(ctx, tenant, { name: 'Membership' });
  const price = await createPrice(ctx, tenant, { product: product.id, currency: 'usd', unitAmount: 4500, recurring: { interval: 'month', intervalCount: 1 } });
  const customerIds: string[] = [];
  for (const [i, member] of portfolio.entries()) {
    const customer = await createCustomer(ctx, tenant, { name: `Member ${i + 1}`, email: `member${i + 1}@example.com` });
    await attachPaymentMethod(ctx, tenant, customer.id, member.token);
    await createSubscription(ctx, tenant, { customer: customer.id, items: [{ price: price.id, quantity: 1 }], billingCycleAnchorDay: member.anchorDay });
    customerIds.push(customer.id);
  }
  return { tenant, customerIds };
}

async function setTestClock(ctx: AppContext, tenantId: string, at: Date): Promise<void> {
  await ctx.db.update(tenants).set({ testClockAt: at }).where(eq(tenants.id, tenantId));
}

async function studioFigures(ctx: AppContext, tenantId: string) {
  const [figures] = await rows<Record<string, string | number>>(
    ctx.db,
    sql`select
          (select count(*) from invoices where tenant_id = ${tenantId}) as invoices,
          (select coalesce(sum(total), 0) from invoices where tenant_id = ${tenantId} and status <> 'draft') as invoiced,
          (select coalesce(sum(amount), 0) from payments where tenant_id = ${tenantId}) as collected,
          (select count(*) from payment_attempts where tenant_id = ${tenantId} and status = 'failed') as failed_attempts,
          (select count(*) from invoices where tenant_id = ${tenantId} and status = 'open') as open_invoices,
          (select coalesce(sum(amount_remaining), 0) from invoices where tenant_id = ${tenantId} and status = 'open') as outstanding,
          (select coalesce(sum(credit - debit), 0) from ledger_entries where tenant_id = ${tenantId} and account = 'customer_credit') as credit,
          (select coalesce(sum(debit - credit), 0) from ledger_entries where tenant_id = ${tenantId}) as ledger_balance`,
  );
  const n = (key: string) => Number(figures?.[key] ?? 0);
  return {
    invoices: n('invoices'),
    invoiced: n('invoiced'),
    collected: n('collected'),
    failed_attempts: n('failed_attempts'),
    open_invoices: n('open_invoices'),
    outstanding: n('outstanding'),
    credit: n('credit'),
    ledger_balance: n('ledger_balance'),
  };
}
