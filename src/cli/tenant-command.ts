import { createApp } from '../app.ts';
import { createTenant } from '../modules/tenants/index.ts';
import { fail } from '../platform/errors.ts';
import { databaseFromEnv } from './database-from-env.ts';

export async function runTenantCreateCommand(args: { name?: string; mode?: string; currency?: string; timezone?: string; locale?: string; json?: boolean }) {
  if (!args.name) fail('parameter_missing', 'Give the business a name: duly tenant create --name "Sunrise Fitness"', 'name');
  if (args.mode !== 'test' && args.mode !== 'live') fail('parameter_invalid', '--mode must be "test" or "live".', 'mode');
  const app = await createApp({ database: databaseFromEnv() });
  try {
    const created = await createTenant(app.ctx, { name: args.name, mode: args.mode, currency: args.currency, timezone: args.timezone, locale: args.locale });
    if (args.json) console.log(JSON.stringify(created));
    else console.log(`Created ${args.mode} business ${created.tenant}\nAPI key (shown once, store it now): ${created.api_key}`);
  } finally {
    await app.close();
  }
}
