import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { runAudit } from '../src/cli/audit.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { rows } from '../src/platform/db/tx.ts';
import { runDueWork } from '../src/worker/scheduler.ts';
import { countRenewalRows, loadRenewed, removeBaseline, shapeFromCounts, writeBaseline } from './support/baseline.ts';
import { benchDatabase, peakRssMb } from './support/database.ts';
import { seedDueSubscriptions } from './support/setup.ts';

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: 'string' },
    batch: { type: 'string', default: '1000' },
    'no-profile': { type: 'boolean', default: false },
  },
});
const serverUrl = process.env.DATABASE_URL;
const count = Number(args.subscriptions ?? (serverUrl ? 100_000 : 10_000));
const batch = Number(args.batch);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(batch) || batch < 1) throw new Error('--subscriptions and --batch take positive integers');

const mb = peakRssMb;
const perSecond = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const database = await benchDatabase(serverUrl);
  const clock = new ManualClock(new Date('2026-03-10T09:00:00.000Z'));
  const app = await createApp({ database: database.options, clock });
  try {
    log(`database: ${database.label}; subscriptions: ${count}; node ${process.version}`);
    let started = performance.now();
    const tenant = await seedDueSubscriptions(app, count);
    log(`setup (not timed): ${count} customers, cards and due monthly subscriptions in ${seconds(performance.now() - started)}; peak RSS so far ${mb()} MB`);

    // Run 1: renewals as the scheduler runs them (claim, invoice, lines, ledger, attempt row, outbox, due instant).
    started = performance.now();
    const renewedWork = await runDueWork(app.ctx, tenant.id, { renewOnly: true });
    const renewMs = performance.now() - started;
    const rssAfterRenewal = mb();
    const renewalRate = perSecond(renewedWork.renewed, renewMs);
    log(
      `renewals: ${renewedWork.renewed} in ${seconds(renewMs)} = ${renewalRate} renewals/s (failed ${renewedWork.failed}); peak RSS ${rssAfterRenewal} MB${serverUrl ? '' : ' (includes the in-process database)'}`,
    );

    // Run 1b: the rest of the scheduler's work: the autopay charges through the sandbox gateway and outbox delivery.
    started = performance.now();
    const chargedWork = await runDueWork(app.ctx, tenant.id);
    const chargeMs = performance.now() - started;
    const chargeRate = perSecond(chargedWork.charged, chargeMs);
    log(`charges + outbox: ${chargedWork.charged} charges, ${chargedWork.delivered} outbox rows in ${seconds(chargeMs)} = ${chargeRate} charges/s`);
    const wallMs = renewMs + chargeMs;
    const wallRate = perSecond(renewedWork.renewed, wallMs);
    const done = { renewed: renewedWork.renewed, failed: renewedWork.failed + chargedWork.failed };
    const load = loadavg()[wallMs > 300_000 ? 1 : 0]!;
    const busy = load > availableParallelism() + 1;
    log(
      `load average during the run: ${load.toFixed(1)} on ${availableParallelism()} cores${busy ? ' -- the machine was busy with other work: figures are low and noisy' : ''}`,
    );

    // Verify the measured work before trusting its figure.
    const [check] = await rows<Record<string, string | number>>(
      app.ctx.db,
      sql`select
            (select count(*) from invoices where tenant_id = ${tenant.id} and billing_reason in ('subscription_create', 'subscription_cycle')) as invoices,
            (select count(distinct subscription_id) from invoices where tenant_id = ${tenant.id}) as subscriptions_billed,
            (select count(*) from subscriptions where tenant_id = ${tenant.id} and next_billing_at <= ${tenant.now.toISOString()}::timestamptz) as still_due,
            (select count(*) from payment_attempts where tenant_id = ${tenant.id} and status = 'succeeded') as attempts_succeeded,
            (select count(*) from payment_attempts where tenant_id = ${tenant.id} and status = 'pending') as attempts_pending`,
    );
    const figure = (key: string) => Number(check?.[key] ?? 0);

    // Run 2: the same rows written with plain multi-row inserts, same database, same run.
    const shapeSource = 'database counts';
    const shape = shapeFromCounts(await countRenewalRows(app, tenant.id), done.renewed);
    const renewed = await loadRenewed(app, tenant.id);
    started = performance.now();
    const written = await writeBaseline(app, tenant, renewed, shape, batch);
    const baselineMs = performance.now() - started;
    const baselineRate = perSecond(written, baselineMs);
    const rowsPerSubscription = shape.invoices + shape.lines + shape.ledger + shape.attempts + shape.outbox + 1;
    log(
      `baseline (plain multi-row INSERTs, batches of ${batch}, one transaction per batch): ${baselineRate} subscriptions' worth per second ` +
        `(${seconds(baselineMs)}; per subscription ${shape.invoices} invoice, ${shape.lines} line, ${shape.ledger} ledger entries, ` +
        `${shape.attempts} attempt, ${shape.outbox} outbox row, 1 subscription update = ${rowsPerSubscription} rows, from ${shapeSource}; ` +
        `${perSecond(written * rowsPerSubscription, baselineMs)} rows/s)`,
    );
    const ratioRenewal = baselineRate ? renewalRate / baselineRate : null;
    const ratioWhole = baselineRate ? wallRate / baselineRate : 0;
    if (ratioRenewal !== null) log(`ratio renewals/baseline (renewal transactions only): ${ratioRenewal.toFixed(3)}`);
    log(`ratio renew+charge/baseline: ${ratioWhole.toFixed(3)} (renew+charge: ${wallRate} subscriptions/s over ${seconds(wallMs)})`);
    log(`peak RSS at the end: ${mb()} MB`);

    await removeBaseline(app, tenant.id);
    const violations = await runAudit(app.ctx.db);
    const problems: string[] = [];
    if (done.renewed !== count || done.failed !== 0) problems.push(`runDueWork renewed ${done.renewed} with ${done.failed} failures, expected ${count}`);
    if (figure('invoices') !== count) problems.push(`${figure('invoices')} renewal invoices, expected ${count}`);
    if (figure('subscriptions_billed') !== count) problems.push(`${figure('subscriptions_billed')} subscriptions billed, expected ${count}`);
    if (figure('still_due') !== 0) problems.push(`${figure('still_due')} subscriptions still due`);
    if (figure('attempts_succeeded') + figure('attempts_pending') !== count)
      problems.push(`attempts: ${figure('attempts_succeeded')} succeeded + ${figure('attempts_pending')} pending`);
    if (violations.length) problems.push(`audit: ${violations.length} violations, first: ${JSON.stringify(violations.slice(0, 3))}`);
    log(
      `verification: ${figure('invoices')} renewal invoices for ${figure('subscriptions_billed')} subscriptions, ${figure('still_due')} still due, ` +
        `${figure('attempts_succeeded')} attempts succeeded, ${figure('attempts_pending')} pending, audit ${violations.length ? `${violations.length} VIOLATIONS` : 'clean'}`,
    );
    for (const problem of problems) log(`WRONG WORK: ${problem}`);

    const round = (n: number) => Math.round(n);
    console.log(
      JSON.stringify({
        database: serverUrl ? 'postgres' : 'embedded',
        subscriptions: count,
        renewals_per_second: renewalRate,
        renew_and_charge_per_second: wallRate,
        renew_and_charge_seconds: Number((wallMs / 1000).toFixed(2)),
        phases_ms: { renew: round(renewMs), charge_and_outbox: round(chargeMs) },
        charges_per_second: chargeRate,
        peak_rss_mb_after_renewals: rssAfterRenewal,
        baseline_subscriptions_per_second: baselineRate,
        baseline_rows_per_subscription: rowsPerSubscription,
        baseline_batch: batch,
        ratio_renewals_to_baseline: ratioRenewal === null ? null : Number(ratioRenewal.toFixed(3)),
        ratio_renew_and_charge_to_baseline: Number(ratioWhole.toFixed(3)),
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
