import { createApp } from '../app.ts';
import { ManualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { fail } from '../platform/errors.ts';
import { simulate } from './simulate.ts';
import { recoveryTable } from './simulate-recovery.ts';

/** A fixed start, so that a seed repeats a run exactly (paydays and month lengths included). */
const SIMULATION_START = new Date('2026-01-01T15:00:00.000Z');

function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail('parameter_invalid', `--${name} must be a positive whole number.`, name);
  return n;
}

/** Runs a fresh simulated business forward on the simulated clock (in memory unless DATABASE_URL is set). */
export async function runSimulateCommand(args: { customers?: string; months?: string; seed?: string; json?: boolean }) {
  const customers = positiveInt(args.customers, 'customers');
  const months = positiveInt(args.months, 'months');
  const seed = positiveInt(args.seed, 'seed');
  const config = loadConfig();
  const clock = new ManualClock(SIMULATION_START);
  const app = await createApp({ database: config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'embedded', dataDir: null }, clock });
  const showProgress = !args.json && process.stderr.isTTY;
  try {
    const report = await simulate(app.ctx, clock, {
      customers,
      months,
      seed,
      onProgress: showProgress
        ? (done, total) => {
            const width = 30;
            const filled = Math.round((done / total) * width);
            process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
            if (done === total) process.stderr.write('\n');
          }
        : undefined,
    });
    if (args.json) {
      console.log(JSON.stringify(report));
      return;
    }
    const money = (minor: number) => (minor / 100).toFixed(2);
    console.log(`Simulated ${report.customers} customers for ${report.months} months in ${report.elapsed_seconds}s (smart-policy studio)`);
    console.log(`  invoices         ${report.invoices} (${money(report.invoiced)} USD invoiced)`);
    console.log(`  collected        ${money(report.collected)} USD`);
    console.log(`  failed charges   ${report.failed_attempts}; still open: ${report.open_invoices} invoices, ${money(report.outstanding)} USD`);
    console.log(`  customer credit  ${money(report.credit)} USD`);
    console.log(`  ledger balance   ${report.ledger_balance} (must be 0); audit violations: ${report.audit_violations}`);
    console.log('');
    console.log('Recovery of declined charges, same customers and cards under two retry policies:');
    for (const line of recoveryTable([report.recovery.smart, report.recovery.naive])) console.log(line);
    console.log("  (retries on hard declines must be 0 for the smart policy; both studios' ledgers balance to 0:");
    console.log(`   ${report.recovery.smart.ledger_balance} and ${report.recovery.naive.ledger_balance})`);
  } finally {
    await app.close();
  }
}
