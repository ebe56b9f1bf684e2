import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { runAudit } from '../../src/cli/audit.ts';
import { createPrice, createProduct } from '../../src/modules/catalog/index.ts';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { attachPaymentMethod } from '../../src/modules/payments/index.ts';
import { createSubscription } from '../../src/modules/subscriptions/index.ts';
import { createTenant, loadTenant } from '../../src/modules/tenants/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { type Queryable, rows } from '../../src/platform/db/tx.ts';
import { ChildScript } from '../support/child-processes.ts';
import { testDatabase } from '../support/database.ts';

/**
 * Several scheduler processes may run at once (DESIGN.md "Time-driven work, exactly once"):
 * on PostgreSQL they share the due work without repeating any of it; on the embedded database
 * a second process on the same data folder is refused loudly and writes nothing.
 */

const START = new Date('2026-03-02T09:00:00Z');
const TRIAL_DAYS = 14;
const AFTER_TRIAL = new Date('2026-03-16T10:00:00Z'); // every trial ended at midnight UTC on 2026-03-16

type Business = { tenantId: string; subscriptions: number };

/**
 * Members on a 14-day trial, made through the use cases. Trials end together, so when the
 * tenant's clock passes that instant every subscription is due at once.
 */
async function trialMember(app: App, tenantId: string, price: string, card: string) {
  const tenant = await loadTenant(app.ctx, tenantId);
  const customer = await createCustomer(app.ctx, tenant, { name: `Member with ${card}` });
  await attachPaymentMethod(app.ctx, tenant, customer.id, card);
  const sub = await createSubscription(app.ctx, tenant, { customer: customer.id, items: [{ price, quantity: 1 }], trialPeriodDays: TRIAL_DAYS });
  expect(sub.status).toBe('trialing');
  return { customer: customer.id, subscription: sub.id };
}

async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  const result = await rows<{ column_name: string }>(
    db,
    sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`,
  );
  return result.map((r) => r.column_name);
}

/**
 * Copies a member made by the use cases `copies` times in bulk: every column as createSubscription
 * (and createCustomer, attachPaymentMethod) wrote it, only the ids made unique. Creating 5,000
 * members one by one through the use cases takes minutes on this machine.
 */
async function cloneMember(db: Queryable, member: { customer: string; subscription: string }, copies: number) {
  const copyOf = (id: string) => `'${id}_' || g`;
  const tables: [table: string, where: string, ids: Record<string, string>][] = [
    ['customers', `id = '${member.customer}'`, { id: copyOf(member.customer) }],
    [
      'payment_methods',
      `customer_id = '${member.customer}'`,
      { id: "t.id || '_' || g", customer_id: copyOf(member.customer), gateway_token: 't.gateway_token || to_hex(g)' },
    ],
    ['subscriptions', `id = '${member.subscription}'`, { id: copyOf(member.subscription), customer_id: copyOf(member.customer) }],
    ['subscription_items', `subscription_id = '${member.subscription}'`, { id: "t.id || '_' || g", subscription_id: copyOf(member.subscription) }],
  ];
  for (const [table, where, ids] of tables) {
    const columns = await columnsOf(db, table);
    const values = columns.map((c) => ids[c] ?? `t.${c}`);
    await db.execute(
      sql.raw(`insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from ${table} t, generate_series(1, ${copies}) g where t.${where}`),
    );
  }
}

async function business(app: App, members: { card: string; count: number }[]): Promise<Business> {
  const { tenant: tenantId } = await createTenant(app.ctx, { name: 'Twin Gym', mode: 'test', currency: 'usd', timezone: 'UTC' });
  const tenant = await loadTenant(app.ctx, tenantId);
  const product = await createProduct(app.ctx, tenant, { name: 'Membership' });
  const price = await createPrice(app.ctx, tenant, {
    product: product.id,
    currency: 'usd',
    unitAmount: 3900,
    recurring: { interval: 'month', intervalCount: 1 },
  });
  for (const { card, count } of members) {
    const member = await trialMember(app, tenantId, price.id, card);
    if (count > 1) await cloneMember(app.ctx.db, member, count - 1);
  }
  // The tenant's clock passes the end of every trial: all subscriptions are due now.
  await app.ctx.db.execute(sql`update tenants set test_clock_at = ${AFTER_TRIAL.toISOString()}::timestamptz where id = ${tenantId}`);
  const [due] = await rows<{ n: number | string }>(
    app.ctx.db,
    sql`select count(*) as n from subscriptions where tenant_id = ${tenantId} and status = 'trialing' and next_billing_at <= ${AFTER_TRIAL.toISOString()}::timestamptz`,
  );
  return { tenantId, subscriptions: Number(due?.n) };
}

function workOf(child: ChildScript): { renewed: number; charged: number; failed: number } {
  const line = child.lines.find((l) => l.startsWith('done '));
  if (!line) throw new Error(`scheduler did not finish:\n${child.describe()}`);
  return JSON.parse(line.slice('done '.length));
}

describe('two scheduler processes on one database', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // Each database run registers the check that applies to it, so neither run skips a test.
  if (process.env.DATABASE_URL)
    it('PostgreSQL: two schedulers bill 5,000 due subscriptions together, each period once, no card charged twice', async () => {
      const started = performance.now();
      const database = await testDatabase();
      cleanups.push(() => database.drop());
      const app = await createApp({ database: database.options, clock: new ManualClock(START) });
      cleanups.push(() => app.close());
      const { tenantId, subscriptions } = await business(app, [
        { card: 'pm_card_visa', count: 4500 },
        { card: 'pm_card_chargeDeclinedInsufficientFunds', count: 500 },
      ]);
      expect(subscriptions).toBe(5000);
      const setupSeconds = (performance.now() - started) / 1000;

      const keysDir = mkdtempSync(join(tmpdir(), 'duly-sched-'));
      cleanups.push(() => rmSync(keysDir, { recursive: true, force: true }));
      const keyFiles = [0, 1].map((i) => join(keysDir, `keys-${i}.json`));
      const schedulers = keyFiles.map((file) => ChildScript.script('child-scheduler.ts', [JSON.stringify(database.options), tenantId, file]));
      for (const s of schedulers) cleanups.push(() => void s.kill());
      for (const s of schedulers) expect(await s.waitForLine((l) => l === 'ready'), s.describe()).toBe('ready');
      const runStarted = performance.now();
      for (const s of schedulers) s.send('go');
      for (const s of schedulers) expect((await s.exited).code, s.describe()).toBe(0);
      const runSeconds = (performance.now() - runStarted) / 1000;
      const [a, b] = schedulers.map(workOf) as [ReturnType<typeof workOf>, ReturnType<typeof workOf>];
      console.log(
        `two schedulers (postgres): setup ${setupSeconds.toFixed(1)}s, run ${runSeconds.toFixed(1)}s; ` +
          `process A ${JSON.stringify(a)}, process B ${JSON.stringify(b)}`,
      );

      // Both took part, and between them renewed each subscription once.
      expect(a.renewed).toBeGreaterThan(0);
      expect(b.renewed).toBeGreaterThan(0);
      expect(a.renewed + b.renewed).toBe(5000);
      expect(a.failed + b.failed).toBe(0);

      const db = app.ctx.db;
      const [counts] = await rows<Record<string, number | string>>(
        db,
        sql`select count(*) as invoices, count(distinct subscription_id) as subscriptions,
                 count(distinct (subscription_id, period_start)) as periods,
                 count(*) filter (where status = 'paid') as paid, count(*) filter (where status = 'open') as open
          from invoices where tenant_id = ${tenantId} and subscription_id is not null`,
      );
      expect(Object.fromEntries(Object.entries(counts ?? {}).map(([k, v]) => [k, Number(v)]))).toEqual({
        invoices: 5000,
        subscriptions: 5000,
        periods: 5000,
        paid: 4500,
        open: 500,
      });
      expect(
        await rows(
          db,
          sql`select id from subscriptions where tenant_id = ${tenantId} and (next_billing_at is null or next_billing_at <= ${AFTER_TRIAL.toISOString()}::timestamptz)`,
        ),
      ).toEqual([]);

      // The gateway saw one charge per invoice: none charged twice, each recorded once.
      const [charges] = await rows<Record<string, number | string>>(
        db,
        sql`select count(*) as charges, count(*) filter (where c.status = 'succeeded') as succeeded,
                 count(distinct a.invoice_id) as invoices,
                 (select count(*) from payments where tenant_id = ${tenantId} and method = 'card') as payments
          from sandbox_charges c join payment_attempts a on a.idempotency_key = c.idempotency_key`,
      );
      expect(Object.fromEntries(Object.entries(charges ?? {}).map(([k, v]) => [k, Number(v)]))).toEqual({
        charges: 5000,
        succeeded: 4500,
        invoices: 5000,
        payments: 4500,
      });
      expect(await rows(db, sql`select id from payment_attempts where tenant_id = ${tenantId} and status = 'pending'`)).toEqual([]);
      expect(await runAudit(db)).toEqual([]);

      // "Several worker processes may run at once; none repeats another's work": no attempt was
      // sent to the gateway by both processes (a real gateway answers a request with a key that is
      // still in flight elsewhere with an error, not with the first outcome).
      const [sentA, sentB] = keyFiles.map((file) => JSON.parse(readFileSync(file, 'utf8')) as string[]) as [string[], string[]];
      const inA = new Set(sentA);
      const sentByBoth = [...new Set(sentB)].filter((key) => inA.has(key));
      console.log(`gateway calls: process A ${sentA.length}, process B ${sentB.length}, keys sent by both ${sentByBoth.length}`);
      expect(sentA.length).toBeGreaterThan(0);
      expect(sentB.length).toBeGreaterThan(0);
      expect({ sentByBoth: sentByBoth.length, examples: sentByBoth.slice(0, 3) }, 'attempts sent to the gateway by both schedulers').toEqual({
        sentByBoth: 0,
        examples: [],
      });
    }, 600_000);
  else
    it('embedded: a second process on the same data folder is refused with a clear message and writes nothing', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'duly-lock-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const database: DatabaseOptions = { kind: 'embedded', dataDir };
      const setup = await createApp({ database, clock: new ManualClock(START) });
      const { tenantId, subscriptions } = await business(setup, [
        { card: 'pm_card_visa', count: 1 },
        { card: 'pm_card_visa', count: 1 },
        { card: 'pm_card_chargeDeclinedInsufficientFunds', count: 1 },
      ]);
      expect(subscriptions).toBe(3);
      await setup.close();

      const first = ChildScript.script('child-scheduler.ts', [JSON.stringify(database), tenantId]);
      cleanups.push(() => void first.kill());
      expect(await first.waitForLine((l) => l === 'ready'), first.describe()).toBe('ready');
      const before = snapshot(dataDir);

      // A second scheduler, and the `duly` command a user would run, both against the same folder.
      const second = ChildScript.script('child-scheduler.ts', [JSON.stringify(database), tenantId]);
      cleanups.push(() => void second.kill());
      const cli = new ChildScript(['bin/duly.mjs', 'migrate'], { ...process.env, DATABASE_URL: '', DULY_DATA_DIR: dataDir });
      cleanups.push(() => void cli.kill());
      for (const refused of [second, cli]) {
        const exit = await refused.exited;
        expect(exit.code, refused.describe()).not.toBe(0);
        expect(refused.lines).not.toContain('ready');
        expect(refused.stderr).toContain(`The data folder ${dataDir} is in use by another Duly process (pid ${first.pid})`);
      }
      expect(cli.stderr.trim().split('\n')).toHaveLength(1); // the command says what is wrong, without a stack trace
      expect(snapshot(dataDir)).toEqual(before);
      expect(readFileSync(join(dataDir, 'duly.lock'), 'utf8')).toBe(String(first.pid));

      // The owner carries on undisturbed and does all the work.
      first.send('go');
      expect((await first.exited).code, first.describe()).toBe(0);
      expect(workOf(first)).toMatchObject({ renewed: 3, failed: 0 });
      expect(existsSync(join(dataDir, 'duly.lock'))).toBe(false);

      // Once it has exited, the folder opens normally, for another process and for this one.
      const next = ChildScript.script('child-scheduler.ts', [JSON.stringify(database), tenantId]);
      cleanups.push(() => void next.kill());
      expect(await next.waitForLine((l) => l === 'ready'), next.describe()).toBe('ready');
      next.send('go');
      expect((await next.exited).code, next.describe()).toBe(0);
      expect(workOf(next)).toMatchObject({ renewed: 0, failed: 0 });
      const after = await createApp({ database });
      cleanups.push(() => after.close());
      const invoices = await rows<{ status: string }>(after.ctx.db, sql`select status from invoices where tenant_id = ${tenantId} order by status`);
      expect(invoices.map((i) => i.status)).toEqual(['open', 'paid', 'paid']);
      expect(await runAudit(after.ctx.db)).toEqual([]);
    }, 300_000);
});

/** Every file in the data folder with a hash of its bytes: any write by anyone shows up. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[full.slice(dir.length)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return files;
}
