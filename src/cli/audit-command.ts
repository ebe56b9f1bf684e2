import { createApp } from '../app.ts';
import { runAudit } from './audit.ts';
import { databaseFromEnv } from './database-from-env.ts';

export async function runAuditCommand(args: { json?: boolean }): Promise<number> {
  const app = await createApp({ database: databaseFromEnv() });
  try {
    const violations = await runAudit(app.ctx.db);
    if (args.json) console.log(JSON.stringify({ ok: violations.length === 0, violations }, null, 2));
    else if (violations.length === 0)
      console.log(
        'Audit passed: ledger balanced, every period billed once, balances and every invoice receivable match open invoices, no unrecorded charge, numbers gapless.',
      );
    else {
      console.log(`Audit found ${violations.length} violation(s):`);
      for (const v of violations) console.log(`- ${v.check}: ${JSON.stringify(v.detail)}`);
    }
    return violations.length === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}
