import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { createPrice, createProduct } from '../modules/catalog/index.ts';
import { createCustomer } from '../modules/customers/index.ts';
import { attachPaymentMethod } from '../modules/payments/index.ts';
import { addDaysLocal, localMidnightToInstant, toLocalDate } from '../modules/subscriptions/domain/billing-calendar.ts';
import { createSubscription } from '../modules/subscriptions/index.ts';
import { createTenant, loadTenant } from '../modules/tenants/index.ts';
import { rows } from '../platform/db/tx.ts';
import { advanceTestClock } from '../worker/advance-test-clock.ts';
import { runAudit } from './audit.ts';

/** A card portfolio like a real one: most cards work, some fail in the usual ways. */
const CARD_MIX: [weight: number, token: string][] = [
  [86, 'pm_card_visa'],
  [4, 'pm_card_chargeDeclinedInsufficientFunds'],
  [3, 'pm_card_failFirst2'],
  [2, 'pm_card_chargeDeclinedExpiredCard'],
  [1, 'pm_card_chargeDeclinedStolenCard'],
  [2, 'pm_card_chargeDeclinedProcessingError'],
  [2, 'pm_card_timeoutAfterCharge'],
];

/** mulberry32: a small seeded generator so a simulation can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): string {
  const total = CARD_MIX.reduce((s, [w]) => s + w, 0);
  let r = random() * total;
  for (const [w, token] of CARD_MIX) {
    r -= w;
    if (r < 0) return token;
  }
  return CARD_MIX[0]![1];
}

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
};

export async function simulate(
  ctx: AppContext,
  options: { customers: number; months: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<SimulationReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const created = await createTenant(ctx, { name: 'Simulated Studio', mode: 'test', currency: 'usd', timezone: 'America/New_York' });
  let tenant = await loadTenant(ctx, created.tenant);
  const product = await createProduct(ctx, tenant, { name: 'Membership' });
  const price = await createPrice(ctx, tenant, { product: product.id, currency: 'usd', unitAmount: 4500, recurring: { interval: 'month', intervalCount: 1 } });
  const total = options.customers + options.months;
  for (let i = 0; i < options.customers; i++) {
    const customer = await createCustomer(ctx, tenant, { name: `Member ${i + 1}`, email: `member${i + 1}@example.com` });
    await attachPaymentMethod(ctx, tenant, customer.id, pick(random));
    await createSubscription(ctx, tenant, {
      customer: customer.id,
      items: [{ price: price.id, quantity: 1 }],
      billingCycleAnchorDay: 1 + Math.floor(random() * 31),
    });
    options.onProgress?.(i + 1, total);
  }
  for (let month = 1; month <= options.months; month++) {
    tenant = await loadTenant(ctx, tenant.id);
    const local = toLocalDate(tenant.now, tenant.timezone);
    const nextMonth = localMidnightToInstant(addDaysLocal(local, 30 + (month % 2)), tenant.timezone);
    await advanceTestClock(ctx, tenant, nextMonth);
    options.onProgress?.(options.customers + month, total);
  }
  const [figures] = await rows<Record<string, string | number>>(
    ctx.db,
    sql`select
          (select count(*) from invoices where tenant_id = ${tenant.id}) as invoices,
          (select coalesce(sum(total), 0) from invoices where tenant_id = ${tenant.id} and status <> 'draft') as invoiced,
          (select coalesce(sum(amount), 0) from payments where tenant_id = ${tenant.id}) as collected,
          (select count(*) from payment_attempts where tenant_id = ${tenant.id} and status = 'failed') as failed_attempts,
          (select count(*) from invoices where tenant_id = ${tenant.id} and status = 'open') as open_invoices,
          (select coalesce(sum(amount_remaining), 0) from invoices where tenant_id = ${tenant.id} and status = 'open') as outstanding,
          (select coalesce(sum(credit - debit), 0) from ledger_entries where tenant_id = ${tenant.id} and account = 'customer_credit') as credit,
          (select coalesce(sum(debit - credit), 0) from ledger_entries where tenant_id = ${tenant.id}) as ledger_balance`,
  );
  const violations = await runAudit(ctx.db);
  const n = (key: string) => Number(figures?.[key] ?? 0);
  return {
    customers: options.customers,
    months: options.months,
    invoices: n('invoices'),
    invoiced: n('invoiced'),
    collected: n('collected'),
    failed_attempts: n('failed_attempts'),
    open_invoices: n('open_invoices'),
    outstanding: n('outstanding'),
    credit: n('credit'),
    ledger_balance: n('ledger_balance'),
    audit_violations: violations.length,
    elapsed_seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
