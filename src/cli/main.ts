import { parseArgs } from 'node:util';
import { DataDirLockedError } from '../platform/db/data-dir-lock.ts';
import { DomainError } from '../platform/errors.ts';
import { runAuditCommand } from './audit-command.ts';
import { runSimulateCommand } from './simulate-command.ts';
import { runMigrateCommand, runStartCommand } from './start-command.ts';
import { runTenantCreateCommand, runUserAddCommand } from './tenant-command.ts';

const USAGE = `Usage: duly <command>

  start                         API, web UI and scheduler (what \`npm start\` runs)
  migrate                       apply database migrations and exit
  tenant create --name NAME [--mode test|live] [--currency usd] [--timezone UTC] [--locale en] [--owner-email E] [--json]
  user add --tenant ID --email E [--role owner|manager|staff] [--password P] [--name N] [--json]
  simulate --customers N --months M [--seed S] [--json]
  audit                         check the ledger and billing invariants; non-zero exit on a violation

Environment: DATABASE_URL (PostgreSQL; default is the embedded database in DULY_DATA_DIR=./data), PORT (3000), HOST.`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runStartCommand();
      case 'migrate':
        return await runMigrateCommand();
      case 'tenant':
        if (rest[0] !== 'create') break;
        return await runTenantCreateCommand(parseArgs({ args: rest.slice(1), options: tenantOptions, strict: true }).values);
      case 'user':
        if (rest[0] !== 'add') break;
        return await runUserAddCommand(parseArgs({ args: rest.slice(1), options: userOptions, strict: true }).values);
      case 'simulate':
        return await runSimulateCommand(parseArgs({ args: rest, options: simulateOptions, strict: true }).values);
      case 'audit':
        process.exitCode = await runAuditCommand(parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true }).values);
        return;
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE);
        return;
    }
    console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
    process.exitCode = 2;
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof DomainError) {
      console.error(`duly: ${error.message}`);
      process.exit(1);
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`duly: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
}

const tenantOptions = {
  name: { type: 'string' },
  mode: { type: 'string', default: 'test' },
  currency: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  'owner-email': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const userOptions = {
  tenant: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string', default: 'owner' },
  password: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const simulateOptions = {
  customers: { type: 'string', default: '100' },
  months: { type: 'string', default: '12' },
  seed: { type: 'string', default: '1' },
  json: { type: 'boolean' },
} as const;
