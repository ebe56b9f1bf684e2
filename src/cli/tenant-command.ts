import { createApp } from '../app.ts';
import { addStaffUser, isRole } from '../modules/staff/index.ts';
import { createTenant, loadTenant } from '../modules/tenants/index.ts';
import { fail } from '../platform/errors.ts';
import { databaseFromEnv } from './database-from-env.ts';

export async function runTenantCreateCommand(args: {
  name?: string;
  mode?: string;
  currency?: string;
  timezone?: string;
  locale?: string;
  'owner-email'?: string;
  json?: boolean;
}) {
  if (!args.name) fail('parameter_missing', 'Give the business a name: duly tenant create --name "Sunrise Fitness"', 'name');
  if (args.mode !== 'test' && args.mode !== 'live') fail('parameter_invalid', '--mode must be "test" or "live".', 'mode');
  const app = await createApp({ database: databaseFromEnv() });
  try {
    const created = await createTenant(app.ctx, { name: args.name, mode: args.mode, currency: args.currency, timezone: args.timezone, locale: args.locale });
    const ownerEmail = args['owner-email'];
    const owner = ownerEmail ? await addStaffUser(app.ctx, { tenantId: created.tenant, email: ownerEmail, role: 'owner', locale: args.locale }) : null;
    const output = owner ? { ...created, owner_email: owner.email, owner_password: owner.password } : created;
    if (args.json) console.log(JSON.stringify(output));
    else {
      console.log(`Created ${args.mode} business ${created.tenant}\nAPI key (shown once, store it now): ${created.api_key}`);
      if (owner) console.log(owner.password ? `Owner ${owner.email}, password (shown once): ${owner.password}` : `Owner ${owner.email} (existing account)`);
    }
  } finally {
    await app.close();
  }
}

/** `duly user add`: gives a person a role in a business, creating their account (and a password) when new. */
export async function runUserAddCommand(args: { tenant?: string; email?: string; role?: string; password?: string; name?: string; json?: boolean }) {
  if (!args.tenant) fail('parameter_missing', 'Name the business: --tenant ten_...', 'tenant');
  if (!args.email) fail('parameter_missing', 'Give the email: --email someone@example.com', 'email');
  const role = args.role ?? 'owner';
  if (!isRole(role)) fail('parameter_invalid', '--role must be owner, manager or staff.', 'role');
  const app = await createApp({ database: databaseFromEnv() });
  try {
    await loadTenant(app.ctx, args.tenant);
    const user = await addStaffUser(app.ctx, { tenantId: args.tenant, email: args.email, role, password: args.password, name: args.name });
    const generated = args.password ? null : user.password;
    if (args.json) console.log(JSON.stringify({ user: user.userId, email: user.email, role, ...(generated ? { password: generated } : {}) }));
    else {
      console.log(`${user.email} is now ${role} of ${args.tenant}${user.password ? '' : ' (existing account: password unchanged)'}`);
      if (generated) console.log(`Password (shown once, store it now): ${generated}`);
    }
  } finally {
    await app.close();
  }
}
