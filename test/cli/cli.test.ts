import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/client.ts';
import { testDatabase } from '../support/database.ts';

const run = promisify(execFile);

/** The `duly` command as an operator runs it, against a database of its own. */
describe('duly command line', () => {
  let env: NodeJS.ProcessEnv;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let dataDir: string;

  beforeAll(async () => {
    database = await testDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'duly-cli-'));
    env = { ...process.env, DULY_DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }) };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const duly = (...args: string[]) => run('node', ['bin/duly.mjs', ...args], { env, timeout: 120_000 });
  // Two studios stepped together through three months: give it room on a busy machine.
  const simulate = (...args: string[]) => run('node', ['bin/duly.mjs', 'simulate', ...args], { env, timeout: 480_000 });

  it('creates a tenant and prints its id and API key as JSON', async () => {
    const { stdout } = await duly('tenant', 'create', '--name', 'Sunrise Fitness', '--mode', 'test', '--json');
    const created = JSON.parse(stdout);
    expect(created.tenant).toMatch(/^ten_/);
    expect(created.api_key).toMatch(/^sk_test_/);
  });

  it('refuses a tenant without a name, with a clear message and a non-zero exit', async () => {
    const failure = await duly('tenant', 'create', '--mode', 'test').catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('Give the business a name');
  });

  it('simulates a business on the simulated clock and reports balanced books and the recovery of declined charges', { timeout: 500_000 }, async () => {
    const { stdout } = await simulate('--customers', '30', '--months', '3', '--seed', '7', '--json');
    const report = JSON.parse(stdout);
    expect(report.customers).toBe(30);
    expect(report.invoices).toBeGreaterThanOrEqual(30 * 3);
    expect(report.collected).toBeGreaterThan(0);
    expect(report.failed_attempts).toBeGreaterThan(0);
    expect(report.ledger_balance).toBe(0);
    expect(report.audit_violations).toBe(0);
    const { smart, naive } = report.recovery;
    for (const policy of [smart, naive]) {
      // The same customers and cards face both policies.
      expect(policy.recurring_charges).toBeGreaterThanOrEqual(30 * 3);
      expect(policy.declined_first_try).toBeGreaterThan(0);
      expect(policy.declined_first_try_pct).toBeGreaterThan(3);
      expect(policy.declined_first_try_pct).toBeLessThan(30);
      expect(policy.recovered).toBeLessThanOrEqual(policy.declined_first_try);
      expect(policy.total_retries).toBeGreaterThan(0);
      expect(policy.ledger_balance).toBe(0);
    }
    expect(smart.hard_decline_retries).toBe(0);
    expect(naive.hard_decline_retries).toBeGreaterThan(0);
    expect(smart.recovered).toBeGreaterThan(0);
  });

  it('prints the recovery table for people', { timeout: 500_000 }, async () => {
    const { stdout } = await simulate('--customers', '12', '--months', '2', '--seed', '3');
    expect(stdout).toContain('Recovery of declined charges');
    expect(stdout).toMatch(/retries on hard declines\s+0\s/);
    expect(stdout).toMatch(/smart \(default\)\s+naive \(every 3 days x4\)/);
  });
  it('audit passes on a consistent database and fails with the offending rows when the ledger is tampered with', async () => {
    await expect(duly('audit')).resolves.toMatchObject({ stdout: expect.stringContaining('Audit passed') });
    const handle = await openDatabase(database.url ? { kind: 'postgres', url: database.url } : { kind: 'embedded', dataDir });
    await handle.db.execute(
      sql`insert into ledger_entries (tenant_id, id, journal_id, account, debit, credit, currency, source_type, source_id, created_at)
          values ('ten_x', 'le_tampered', 'jrn_tampered', 'cash', 500, 0, 'usd', 'manual', 'x', now())`,
    );
    await handle.close();
    const failure = await duly('audit').catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('journal entry does not balance');
    expect(failure.stdout).toContain('jrn_tampered');
  });
});
