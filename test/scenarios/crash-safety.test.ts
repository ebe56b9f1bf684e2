import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { runAudit } from '../../src/cli/audit.ts';
import { seededRandom } from '../../src/cli/simulate.ts';
import { createPrice, createProduct } from '../../src/modules/catalog/index.ts';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { attachPaymentMethod } from '../../src/modules/payments/index.ts';
import { createSubscription } from '../../src/modules/subscriptions/index.ts';
import { createTenant, loadTenant } from '../../src/modules/tenants/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { rows } from '../../src/platform/db/tx.ts';
import { ChildScript, sleep } from '../support/child-processes.ts';
import { testDatabase } from '../support/database.ts';

/**
 * The billing run is killed (SIGKILL) again and again at random points, restarted each time, and
 * finally run to the end. Whatever was interrupted, every period is billed exactly once, nothing is
 * missing, no card is charged twice, and the books balance.
 */

const SUBSCRIPTIONS = 250;
const START = new Date('2026-01-10T12:00:00Z'); // the tenant is UTC: renewals fall on midnights, the run ends at noon
const TARGET = new Date('2026-04-10T12:00:00Z');
const KILLS = 12;
const CARDS = ['pm_card_visa', 'pm_card_visa', 'pm_card_timeoutAfterCharge', 'pm_card_failFirst2', 'pm_card_chargeDeclinedInsufficientFunds'] as const;
type Card = (typeof CARDS)[number];

/** Independent of the billing calendar code: the period starts a UTC monthly subscription must have by TARGET. */
function expectedPeriodStarts(anchorDay: number): string[] {
  const starts = [new Date(Date.UTC(START.getUTCFullYear(), START.getUTCMonth(), START.getUTCDate()))];
  for (let month = 0; month < 6; month++) {
    const lastDay = new Date(Date.UTC(2026, month + 1, 0)).getUTCDate();
    const boundary = new Date(Date.UTC(2026, month, Math.min(anchorDay, lastDay)));
    if (boundary.getTime() > START.getTime() && boundary.getTime() <= TARGET.getTime()) starts.push(boundary);
  }
  return starts.map((d) => d.toISOString());
}

type Kill = { phase: 'starting' | 'running'; invoices: number; charges: number };

function lastProgress(child: ChildScript): { invoices: number; charges: number } {
  const line = [...child.lines].reverse().find((l) => l.startsWith('progress '));
  const [, invoices, charges] = line?.split(' ') ?? [];
  return { invoices: Number(invoices ?? -1), charges: Number(charges ?? -1) };
}

describe('crash safety: a billing run killed with SIGKILL at many points', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('bills every period exactly once, charges no card twice and keeps the books balanced', async () => {
    const started = performance.now();
    let database: DatabaseOptions;
    if (process.env.DATABASE_URL) {
      const db = await testDatabase();
      cleanups.push(() => db.drop());
      database = db.options;
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'duly-crash-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      database = { kind: 'embedded', dataDir };
    }

    // A test-mode business with 300 monthly members, their first invoices issued at sign-up.
    const setup = await createApp({ database, clock: new ManualClock(START) });
    const { ctx } = setup;
    const tenantId = (await createTenant(ctx, { name: 'Crash Gym', mode: 'test', currency: 'usd', timezone: 'UTC' })).tenant;
    const tenant = await loadTenant(ctx, tenantId);
    const product = await createProduct(ctx, tenant, { name: 'Membership' });
    const price = await createPrice(ctx, tenant, {
      product: product.id,
      currency: 'usd',
      unitAmount: 4500,
      recurring: { interval: 'month', intervalCount: 1 },
    });
    const members = new Map<string, { card: Card; anchorDay: number }>();
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const card = CARDS[i % CARDS.length]!;
      const anchorDay = 1 + ((i * 7) % 31);
      const customer = await createCustomer(ctx, tenant, { name: `Member ${i + 1}` });
      await attachPaymentMethod(ctx, tenant, customer.id, card);
      const sub = await createSubscription(ctx, tenant, { customer: customer.id, items: [{ price: price.id, quantity: 1 }], billingCycleAnchorDay: anchorDay });
      members.set(sub.id, { card, anchorDay });
    }
    await setup.close();
    const setupSeconds = (performance.now() - started) / 1000;

    // Kill points chosen by progress: run k is killed soon after the invoice count passes a random
    // point in the k-th slice of the run, so the kills spread over the whole run whatever the
    // machine's speed. Every fifth run is instead killed at a random moment while starting up.
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const expectedInvoices = [...members.values()].reduce((n, m) => n + expectedPeriodStarts(m.anchorDay).length, 0);
    const slice = (0.9 * (expectedInvoices - SUBSCRIPTIONS)) / KILLS;
    const thresholds = Array.from({ length: KILLS }, (_, k) => Math.floor(SUBSCRIPTIONS + (k + random()) * slice));
    const args = [JSON.stringify(database), tenantId, TARGET.toISOString()];
    const kills: Kill[] = [];
    for (const [k, threshold] of thresholds.entries()) {
      const child = ChildScript.script('child-billing-run.ts', args);
      cleanups.push(() => void child.kill());
      let phase: Kill['phase'] = 'running';
      if (k % 5 === 4) {
        phase = 'starting';
        await sleep(200 + random() * 1500);
      } else {
        const reached = await child.waitForLine((line) => line.startsWith('progress ') && Number(line.split(' ')[1]) >= threshold);
        if (reached) await sleep(random() * 200);
      }
      if (child.exit) {
        // It ran to the end (or died by itself, e.g. could not reopen its data after the last kill).
        expect(child.exit.code, `billing run ${k + 1} (seed ${seed}) failed on its own:\n${child.describe()}`).toBe(0);
        break;
      }
      await child.kill();
      if (phase === 'starting' && child.lines.includes('ready')) phase = 'running';
      kills.push({ phase, ...lastProgress(child) });
    }
    const final = ChildScript.script('child-billing-run.ts', args);
    cleanups.push(() => void final.kill());
    const exit = await final.exited;
    expect(exit.code, `the final billing run after ${kills.length} kills (seed ${seed}) failed:\n${final.describe()}`).toBe(0);
    expect(final.lines.some((l) => l.startsWith('done '))).toBe(true);
    const runSeconds = (performance.now() - started) / 1000 - setupSeconds;
    console.log(
      `crash safety (${database.kind}, seed ${seed}): setup ${setupSeconds.toFixed(1)}s, ${kills.length} kills + final run ${runSeconds.toFixed(1)}s; ` +
        `killed at invoices ${kills.map((k) => `${k.invoices}${k.phase === 'starting' ? '(start)' : ''}`).join(', ')}`,
    );

    // The kills really landed in the middle of the run, at many different points from start to end.
    expect(kills.length, `the run finished after only ${kills.length} kills`).toBeGreaterThanOrEqual(10);
    const runningKills = kills.filter((k) => k.phase === 'running' && k.invoices > 0).map((k) => k.invoices);
    expect(new Set(runningKills).size).toBeGreaterThanOrEqual(8);
    expect(Math.min(...runningKills)).toBeLessThan(SUBSCRIPTIONS + (expectedInvoices - SUBSCRIPTIONS) / 3);
    expect(Math.max(...runningKills)).toBeGreaterThan(SUBSCRIPTIONS + ((expectedInvoices - SUBSCRIPTIONS) * 2) / 3);

    const check = await createApp({ database, clock: new ManualClock(TARGET) });
    cleanups.push(() => check.close());
    const db = check.ctx.db;

    expect(await runAudit(db)).toEqual([]);
    expect((await loadTenant(check.ctx, tenantId)).now.toISOString()).toBe(TARGET.toISOString());

    // Each (subscription, period start) billed exactly once, and no period up to the clock missing.
    const invoices = await rows<{ subscription_id: string; period_start: Date | string; status: string; number: string | null }>(
      db,
      sql`select subscription_id, period_start, status, number from invoices where tenant_id = ${tenantId} order by subscription_id, period_start`,
    );
    expect(invoices).toHaveLength(expectedInvoices);
    const billed = new Map<string, string[]>();
    for (const inv of invoices) billed.set(inv.subscription_id, [...(billed.get(inv.subscription_id) ?? []), new Date(inv.period_start).toISOString()]);
    const wrongPeriods = [...members].filter(([id, m]) => JSON.stringify(billed.get(id)) !== JSON.stringify(expectedPeriodStarts(m.anchorDay)));
    expect(wrongPeriods.map(([id, m]) => ({ id, anchorDay: m.anchorDay, billed: billed.get(id), expected: expectedPeriodStarts(m.anchorDay) }))).toEqual([]);
    expect(invoices.filter((i) => i.status === 'draft' || !i.number)).toEqual([]);
    const notDue = await rows<{ id: string; next_billing_at: Date | string | null }>(
      db,
      sql`select id, next_billing_at from subscriptions where tenant_id = ${tenantId}
          and (next_billing_at is null or next_billing_at <= ${TARGET.toISOString()}::timestamptz)`,
    );
    expect(notDue).toEqual([]);

    // The gateway's own books (one row per idempotency key): no invoice charged twice, every
    // successful charge recorded as a succeeded attempt with exactly one payment.
    expect(
      await rows(
        db,
        sql`select a.invoice_id, count(*) as charges from sandbox_charges c join payment_attempts a on a.idempotency_key = c.idempotency_key
            where c.status = 'succeeded' group by 1 having count(*) > 1`,
      ),
    ).toEqual([]);
    expect(
      await rows(
        db,
        sql`select c.idempotency_key, a.id as attempt, a.status, (select count(*) from payments p where p.tenant_id = a.tenant_id and p.attempt_id = a.id) as payments
            from sandbox_charges c left join payment_attempts a on a.idempotency_key = c.idempotency_key
            where c.status = 'succeeded'
              and (a.id is null or a.status <> 'succeeded' or (select count(*) from payments p where p.tenant_id = a.tenant_id and p.attempt_id = a.id) <> 1)`,
      ),
    ).toEqual([]);
    // Every attempt has exactly one charge in the gateway's books, and none is left pending.
    expect(
      await rows(
        db,
        sql`select a.id, a.status, count(c.idempotency_key) as charges from payment_attempts a
            left join sandbox_charges c on c.idempotency_key = a.idempotency_key
            where a.tenant_id = ${tenantId} group by a.id, a.status having count(c.idempotency_key) <> 1 or a.status = 'pending'`,
      ),
    ).toEqual([]);

    // What each kind of card shows, period by period.
    const perInvoice = await rows<{ subscription_id: string; status: string; succeeded: number | string; failed: number | string; charges: number | string }>(
      db,
      sql`select i.subscription_id, i.status,
                 count(*) filter (where c.status = 'succeeded') as succeeded,
                 count(*) filter (where c.status = 'failed') as failed,
                 count(c.idempotency_key) as charges
          from invoices i
          left join payment_attempts a on a.tenant_id = i.tenant_id and a.invoice_id = i.id
          left join sandbox_charges c on c.idempotency_key = a.idempotency_key
          where i.tenant_id = ${tenantId}
          group by i.subscription_id, i.id, i.status, i.period_start
          order by i.subscription_id, i.period_start`,
    );
    const story = new Map<string, string[]>();
    for (const row of perInvoice) {
      const entry = `${row.status}:${Number(row.succeeded)}ok/${Number(row.failed)}failed/${Number(row.charges)}charges`;
      story.set(row.subscription_id, [...(story.get(row.subscription_id) ?? []), entry]);
    }
    const surprises: { id: string; card: Card; story: string[] | undefined }[] = [];
    for (const [id, { card }] of members) {
      const seen = story.get(id) ?? [];
      // Declines are retried by the retry policy (B6): every retry is one more charge, never a duplicate.
      const expected = seen.map((actual, period) => {
        if (card === 'pm_card_chargeDeclinedInsufficientFunds') {
          const match = /^open:0ok\/(\d)failed\/(\d)charges$/.exec(actual);
          return match && match[1] === match[2] && Number(match[1]) >= 1 && Number(match[1]) <= 5 ? actual : 'open:0ok/1-5failed (one charge each)';
        }
        if (card === 'pm_card_failFirst2') {
          // The card declines its first two charges, whichever invoices they were for; every invoice ends paid once.
          const match = /^paid:1ok\/(\d)failed\/(\d)charges$/.exec(actual);
          return match && Number(match[2]) === Number(match[1]) + 1 ? actual : `paid once (period ${period})`;
        }
        return 'paid:1ok/0failed/1charges'; // visa and timeoutAfterCharge: charged once
      });
      if (card === 'pm_card_failFirst2') {
        const failures = seen.reduce((sum, entry) => sum + Number(/(\d)failed/.exec(entry)?.[1] ?? 0), 0);
        if (failures !== 2) surprises.push({ id, card, story: seen });
      }
      if (seen.length === 0 || JSON.stringify(seen) !== JSON.stringify(expected)) surprises.push({ id, card, story: seen });
    }
    expect(surprises).toEqual([]);
    console.log(`crash safety (${database.kind}): verified ${invoices.length} invoices in ${((performance.now() - started) / 1000).toFixed(1)}s total`);
  }, 600_000);
});
