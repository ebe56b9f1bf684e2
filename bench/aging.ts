/**
 * AR aging report speed: `npm run bench:aging [-- --invoices 100000] [--customers 10000] [--runs 5]`.
 * PostgreSQL when DATABASE_URL is set (a fresh database `duly_bench_<random>`, dropped afterwards),
 * otherwise embedded PGlite in memory. One test-mode business gets N open invoices over a year of
 * due dates, a third of them partly paid, bulk-inserted with the rows finalisation and payment
 * write (invoice, line, receivable/revenue journal, cash/receivable journal, payment). Prints the
 * median time of the report as of today, as of six months ago and of the CSV, and fails (exit 1)
 * when the report disagrees with the invoices or the audit is not clean. `--explain` prints the query plan.
 */

import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { runAudit } from '../src/cli/audit.ts';
import { customers } from '../src/modules/customers/index.ts';
import { invoiceLines, invoices } from '../src/modules/invoicing/index.ts';
import { invoicePostings, journalRows, type LedgerRow, ledgerEntries, paymentPostings } from '../src/modules/ledger/index.ts';
import { payments } from '../src/modules/payments/index.ts';
import { agingCsv } from '../src/modules/reports/http/dto.ts';
import { agingQuery, agingReport, agingWindow } from '../src/modules/reports/index.ts';
import { localMidnightToInstant, toLocalDate } from '../src/modules/subscriptions/domain/billing-calendar.ts';
import { createTenant, formatInvoiceNumber, loadTenant, type TenantContext, tenants } from '../src/modules/tenants/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { inTenantTx, rows } from '../src/platform/db/tx.ts';
import { newId } from '../src/platform/ids.ts';
import { benchDatabase, peakRssMb } from './support/database.ts';

const { values: args } = parseArgs({
  options: {
    invoices: { type: 'string', default: '100000' },
    customers: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    explain: { type: 'boolean', default: false },
  },
});
const invoiceCount = Number(args.invoices);
const customerCount = Number(args.customers);
const runs = Number(args.runs);
if (![invoiceCount, customerCount, runs].every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--invoices, --customers and --runs take positive integers');

const serverUrl = process.env.DATABASE_URL;
const DAY_MS = 86_400_000;
const CHUNK = 2000;
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = peakRssMb;

/** A small seeded generator, so every run builds the same book. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** N open send_invoice invoices, due over the past year and the next month, a third partly paid. */
async function seedOpenInvoices(app: Awaited<ReturnType<typeof createApp>>, tenant: TenantContext) {
  const { ctx } = app;
  const next = random(42);
  const now = tenant.now.getTime();
  const customerIds = Array.from({ length: customerCount }, () => newId('cus'));
  for (let from = 0; from < customerCount; from += CHUNK) {
    const ids = customerIds.slice(from, from + CHUNK);
    await inTenantTx(ctx.db, tenant.id, (tx) =>
      tx.insert(customers).values(ids.map((id, i) => ({ tenantId: tenant.id, id, name: `Client ${from + i + 1}`, createdAt: tenant.now }))),
    );
  }
  for (let from = 0; from < invoiceCount; from += CHUNK) {
    const size = Math.min(CHUNK, invoiceCount - from);
    const invoiceRows: (typeof invoices.$inferInsert)[] = [];
    const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
    const paymentRows: (typeof payments.$inferInsert)[] = [];
    const ledgerRows: LedgerRow[] = [];
    for (let i = 0; i < size; i++) {
      const id = newId('inv');
      const customerId = customerIds[Math.floor(next() * customerCount)]!;
      const total = 1000 + Math.floor(next() * 49_000);
      const dueDate = new Date(now + 30 * DAY_MS - Math.floor(next() * 395 * DAY_MS));
      const finalizedAt = new Date(dueDate.getTime() - 30 * DAY_MS);
      const paid = next() < 1 / 3 ? Math.max(1, Math.floor(total * (0.1 + 0.8 * next()))) : 0;
      invoiceRows.push({
        tenantId: tenant.id,
        id,
        customerId,
        billingReason: 'manual',
        status: 'open',
        number: formatInvoiceNumber(tenant.invoicePrefix, 2026, from + i + 1),
        currency: tenant.currency,
        collectionMethod: 'send_invoice',
        subtotal: total,
        total,
        amountPaid: paid,
        amountRemaining: total - paid,
        daysUntilDue: 30,
        dueDate,
        finalizedAt,
        createdAt: finalizedAt,
      });
      lineRows.push({
        tenantId: tenant.id,
        id: newId('il'),
        invoiceId: id,
        position: 0,
        description: 'Services',
        quantity: 1,
        unitAmount: total,
        amount: total,
        total,
        createdAt: finalizedAt,
      });
      const source = { tenantId: tenant.id, customerId, invoiceId: id, currency: tenant.currency };
      ledgerRows.push(...journalRows({ ...source, at: finalizedAt, sourceType: 'invoice', sourceId: id }, invoicePostings(total, total, 0)));
      if (paid > 0) {
        const paymentId = newId('py');
        const at = new Date(finalizedAt.getTime() + Math.floor(next() * (now - finalizedAt.getTime())));
        const receivedAt = at.getTime() > now ? tenant.now : at;
        paymentRows.push({
          tenantId: tenant.id,
          id: paymentId,
          customerId,
          invoiceId: id,
          method: 'bank_transfer',
          amount: paid,
          amountApplied: paid,
          currency: tenant.currency,
          receivedAt,
          createdAt: receivedAt,
        });
        ledgerRows.push(...journalRows({ ...source, at: receivedAt, sourceType: 'payment', sourceId: paymentId }, paymentPostings('cash', paid, 0)));
      }
    }
    await inTenantTx(ctx.db, tenant.id, async (tx) => {
      await tx.insert(invoices).values(invoiceRows);
      await tx.insert(invoiceLines).values(lineRows);
      if (paymentRows.length) await tx.insert(payments).values(paymentRows);
      for (let at = 0; at < ledgerRows.length; at += CHUNK) await tx.insert(ledgerEntries).values(ledgerRows.slice(at, at + CHUNK));
    });
  }
  await ctx.db.update(tenants).set({ lastInvoiceNumber: invoiceCount }).where(sql`${tenants.id} = ${tenant.id}`);
  // A live database has statistics and a visibility map for its tables; give the fresh one the same.
  for (const table of ['customers', 'invoices', 'invoice_lines', 'payments', 'ledger_entries']) await ctx.db.execute(sql.raw(`vacuum analyze ${table}`));
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number[]; result: T }> {
  const ms: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    ms.push(performance.now() - started);
  }
  return { ms, result: result! };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<number> {
  const database = await benchDatabase(serverUrl, 4);
  const clock = new ManualClock(new Date('2026-03-10T09:00:00.000Z'));
  const app = await createApp({ database: database.options, clock });
  try {
    log(`database: ${database.label}; open invoices: ${invoiceCount}; customers: ${customerCount}; runs: ${runs}; node ${process.version}`);
    const created = await createTenant(app.ctx, { name: 'Bench Physio', mode: 'test', currency: 'eur', timezone: 'Europe/Riga' });
    const tenant = await loadTenant(app.ctx, created.tenant);
    let started = performance.now();
    await seedOpenInvoices(app, tenant);
    const [counts] = await rows<{ ledger: number | string; owed: number | string; debtors: number | string }>(
      app.ctx.db,
      sql`select (select count(*) from ledger_entries where tenant_id = ${tenant.id}) as ledger,
                 (select sum(amount_remaining) from invoices where tenant_id = ${tenant.id} and status = 'open') as owed,
                 (select count(distinct customer_id) from invoices where tenant_id = ${tenant.id} and status = 'open') as debtors`,
    );
    log(`setup (not timed): ${invoiceCount} invoices, ${Number(counts?.ledger)} ledger lines in ${seconds(performance.now() - started)}`);

    const today = await timed(() => agingReport(app.ctx, tenant, {}));
    const halfYear = await timed(() => agingReport(app.ctx, tenant, { asOf: '2025-09-10' }));
    const csv = await timed(async () => agingCsv(await agingReport(app.ctx, tenant, {})));
    const figures = (label: string, t: { ms: number[]; result: { rows: unknown[] } }) =>
      log(
        `${label}: median ${median(t.ms).toFixed(0)} ms over ${runs} runs (min ${Math.min(...t.ms).toFixed(0)}, max ${Math.max(...t.ms).toFixed(0)}); ${t.result.rows.length} customer rows`,
      );
    figures('aging as of today', today);
    figures('aging as of 2025-09-10', halfYear);
    log(`aging as CSV (report + file): median ${median(csv.ms).toFixed(0)} ms; ${(csv.result.length / 1024).toFixed(0)} KiB`);
    if (args.explain) {
      const window = agingWindow(toLocalDate(tenant.now, tenant.timezone), (d) => localMidnightToInstant(d, tenant.timezone));
      const plan = await rows<Record<string, string>>(app.ctx.db, sql`explain (analyze, buffers) ${agingQuery(tenant.id, window)}`);
      log(`plan of the report as of today:\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
    }
    const load = loadavg()[0]!;
    log(
      `load average: ${load.toFixed(1)} on ${availableParallelism()} cores${load > availableParallelism() + 1 ? ' -- the machine was busy: figures are high and noisy' : ''}; peak RSS ${mb()} MB`,
    );

    started = performance.now();
    const violations = await runAudit(app.ctx.db);
    log(`audit (not timed in the figures): ${violations.length ? `${violations.length} VIOLATIONS` : 'clean'} in ${seconds(performance.now() - started)}`);
    const problems: string[] = [];
    const total = today.result.totals[0]?.amounts.total ?? 0;
    if (total !== Number(counts?.owed)) problems.push(`report total ${total} differs from open invoices ${counts?.owed}`);
    if (today.result.rows.length !== Number(counts?.debtors)) problems.push(`${today.result.rows.length} rows for ${counts?.debtors} customers who owe`);
    if (violations.length) problems.push(`audit: ${JSON.stringify(violations.slice(0, 3))}`);
    for (const problem of problems) log(`WRONG WORK: ${problem}`);
    console.log(
      JSON.stringify({
        database: serverUrl ? 'postgres' : 'embedded',
        open_invoices: invoiceCount,
        customers: customerCount,
        ledger_lines: Number(counts?.ledger),
        aging_today_median_ms: Math.round(median(today.ms)),
        aging_past_median_ms: Math.round(median(halfYear.ms)),
        aging_csv_median_ms: Math.round(median(csv.ms)),
        rows: today.result.rows.length,
        load_average: Number(load.toFixed(1)),
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
