import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { runAudit } from '../src/cli/audit.ts';
import { retryDueInvoices } from '../src/modules/payments/index.ts';
import { loadTenant, tenants } from '../src/modules/tenants/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import type { Database } from '../src/platform/db/client.ts';
import { rows } from '../src/platform/db/tx.ts';
import { runDueWork } from '../src/worker/scheduler.ts';
import { benchDatabase, peakRssMb } from './support/database.ts';
import { seedDueSubscriptions } from './support/setup.ts';

const { values: args } = parseArgs({ options: { invoices: { type: 'string', default: '50000' } } });
const count = Number(args.invoices);
if (!Number.isInteger(count) || count < 2) throw new Error('--invoices takes an integer of at least 2');
const serverUrl = process.env.DATABASE_URL;

const SETUP_AT = new Date('2026-03-10T09:00:00.000Z');
// Every retry the smart policy schedules after a decline on the 10th is due by then (the 15th is a payday).
const TICK_AT = new Date('2026-03-16T12:00:00.000Z');
// Pays on the 16th only: declined at renewal on the 10th, recovered at the tick.
const RECOVERING_CARD = 'pm_card_insufficientFundsExceptDays16to16';
const DECLINING_CARD = 'pm_card_chargeDeclinedInsufficientFunds';

const mb = peakRssMb;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(line);

/**
 * Records every pending first attempt as declined for insufficient funds, as chargeAttempts would
 * (and the sandbox's books with it, so the audit reconciles), in a few bulk statements: the
 * benchmark times the retry, not this. The outbox rows of those declines are left out, as
 * seedDueSubscriptions leaves out the rows that would have been delivered long ago.
 */
async function declineFirstAttempts(db: Database, tenantId: string): Promise<void> {
  const at = SETUP_AT.toISOString();
  await db.execute(
    sql`insert into sandbox_charges (idempotency_key, charge_id, token, amount, currency, status, decline_code, created_at)
        select a.idempotency_key, 'ch_bench_' || a.id, pm.gateway_token, a.amount, a.currency, 'failed', 'insufficient_funds', ${at}::timestamptz
        from payment_attempts a join payment_methods pm on pm.tenant_id = a.tenant_id and pm.id = a.payment_method_id
        where a.tenant_id = ${tenantId} and a.status = 'pending'`,
  );
  await db.execute(
    sql`update payment_attempts set status = 'failed', gateway_charge_id = 'ch_bench_' || id, decline_code = 'insufficient_funds',
          decline_kind = 'soft', failure_message = 'Your card has insufficient funds.', next_check_at = null, completed_at = ${at}::timestamptz
        where tenant_id = ${tenantId} and status = 'pending'`,
  );
  await db.execute(sql`update invoices set next_payment_attempt = ${at}::timestamptz + interval '5 days' where tenant_id = ${tenantId} and status = 'open'`);
  await db.execute(sql`update subscriptions set status = 'past_due' where tenant_id = ${tenantId}`);
}

async function main(): Promise<number> {
  const database = await benchDatabase(serverUrl);
  const clock = new ManualClock(SETUP_AT);
  const app = await createApp({ database: database.options, clock });
  const { ctx } = app;
  try {
    log(`database: ${database.label}; due invoices: ${count}; node ${process.version}`);
    let started = performance.now();
    // Setup (not timed): bulk-inserted subscriptions renewed through the real path, every first charge declined.
    let tenant = await seedDueSubscriptions(app, count);
    await ctx.db.execute(
      sql`update payment_methods set gateway_token = case when (substr(id, length(id), 1) < 'g') then 'sbx_${sql.raw(RECOVERING_CARD)}_' else 'sbx_${sql.raw(DECLINING_CARD)}_' end || substr(gateway_token, length(gateway_token) - 11)
          where tenant_id = ${tenant.id}`,
    );
    await runDueWork(ctx, tenant.id, { renewOnly: true });
    await declineFirstAttempts(ctx.db, tenant.id);
    clock.set(TICK_AT);
    await ctx.db.update(tenants).set({ testClockAt: TICK_AT }).where(eq(tenants.id, tenant.id));
    tenant = await loadTenant(ctx, tenant.id);
    for (const table of ['invoices', 'payment_attempts', 'payment_methods', 'sandbox_charges']) await ctx.db.execute(sql.raw(`vacuum analyze ${table}`));
    const [before] = await rows<{ due: number | string; failed: number | string }>(
      ctx.db,
      sql`select (select count(*) from invoices where tenant_id = ${tenant.id} and status = 'open' and next_payment_attempt <= ${TICK_AT.toISOString()}::timestamptz) as due,
                 (select count(*) from payment_attempts where tenant_id = ${tenant.id} and status = 'failed') as failed`,
    );
    const due = Number(before?.due ?? 0);
    log(
      `setup (not timed): ${count} subscriptions renewed, first charges declined in bulk, ${due} invoices due for a retry, in ${seconds(performance.now() - started)}`,
    );

    // The timed tick: the scheduler's retry phase until nothing is due.
    started = performance.now();
    let claimed = 0;
    for (;;) {
      const n = await retryDueInvoices(ctx, tenant);
      if (n === 0) break;
      claimed += n;
    }
    const tickMs = performance.now() - started;
    const rate = Math.round((claimed * 1000) / tickMs);
    const load = loadavg()[0]!;

    const [after] = await rows<Record<string, number | string>>(
      ctx.db,
      sql`select
            (select count(*) from payment_attempts where tenant_id = ${tenant.id} and attempt_number = 2) as retries,
            (select count(*) from payment_attempts where tenant_id = ${tenant.id} and attempt_number = 2 and status = 'succeeded') as recovered,
            (select count(*) from payment_attempts where tenant_id = ${tenant.id} and attempt_number = 2 and status = 'failed') as declined_again,
            (select count(*) from invoices where tenant_id = ${tenant.id} and status = 'paid') as paid,
            (select count(*) from invoices where tenant_id = ${tenant.id} and status = 'open' and next_payment_attempt > ${TICK_AT.toISOString()}::timestamptz) as rescheduled`,
    );
    const figure = (key: string) => Number(after?.[key] ?? 0);
    log(
      `dunning tick: ${claimed} due invoices, ${figure('retries')} attempts (${figure('recovered')} recovered, ${figure('declined_again')} declined again, ` +
        `${figure('rescheduled')} rescheduled) in ${seconds(tickMs)} = ${rate} attempts/s; peak RSS ${mb()} MB${serverUrl ? '' : ' (includes the in-process database)'}`,
    );
    log(
      `load average during the run: ${load.toFixed(1)} on ${availableParallelism()} cores${load > availableParallelism() + 1 ? ' -- the machine was busy: figures are low and noisy' : ''}`,
    );

    const violations = await runAudit(ctx.db);
    const problems: string[] = [];
    if (due !== count) problems.push(`${due} invoices due after setup, expected ${count}`);
    if (claimed !== count || figure('retries') !== count) problems.push(`claimed ${claimed}, ${figure('retries')} retry attempts, expected ${count}`);
    if (figure('recovered') === 0 || figure('declined_again') === 0) problems.push('expected both recoveries and repeated declines');
    if (figure('recovered') + figure('declined_again') !== count) problems.push('some retry attempts are still pending');
    if (figure('paid') !== figure('recovered')) problems.push(`${figure('paid')} paid invoices for ${figure('recovered')} recoveries`);
    if (figure('rescheduled') !== figure('declined_again'))
      problems.push(`${figure('rescheduled')} rescheduled for ${figure('declined_again')} repeated declines`);
    if (violations.length) problems.push(`audit: ${violations.length} violations, first: ${JSON.stringify(violations.slice(0, 3))}`);
    for (const problem of problems) log(`WRONG WORK: ${problem}`);
    console.log(
      JSON.stringify({
        database: serverUrl ? 'postgres' : 'embedded',
        due_invoices: count,
        attempts: figure('retries'),
        recovered: figure('recovered'),
        declined_again: figure('declined_again'),
        tick_seconds: Number((tickMs / 1000).toFixed(2)),
        attempts_per_second: rate,
        peak_rss_mb: mb(),
        load_average: Number(load.toFixed(1)),
        cores: availableParallelism(),
        verified: problems.length === 0,
      }),
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await app.close();
    await database.drop();
  }
}

process.exitCode = await main();
