import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { apiKeys, tenants } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';
import { hashApiKey } from './create-tenant.ts';

export async function authenticateApiKey(ctx: AppContext, apiKey: string): Promise<TenantContext> {
  const [row] = await ctx.db
    .select({ tenant: tenants })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(apiKey)), isNull(apiKeys.revokedAt)));
  if (!row) fail('api_key_invalid');
  return toTenantContext(row.tenant, ctx.clock.now());
}

export async function loadTenant(ctx: AppContext, tenantId: string): Promise<TenantContext> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!row) fail('resource_missing', `No such business: '${tenantId}'`);
  return toTenantContext(row, ctx.clock.now());
}

export function toTenantContext(row: typeof tenants.$inferSelect, wallNow: Date): TenantContext {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode === 'test' ? 'test' : 'live',
    currency: row.currency,
    timezone: row.timezone,
    locale: row.locale,
    invoicePrefix: row.invoicePrefix,
    paymentTermsDays: row.paymentTermsDays,
    now: row.testClockAt ?? wallNow,
  };
}
