import { createHash } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { isKnownCurrency } from '../../../platform/money.ts';
import { apiKeys, tenants } from '../db/schema.ts';
import { invoicePrefixFor, SUPPORTED_LOCALES } from '../domain/tenant.ts';
import { isKnownTimeZone } from '../domain/time-zone.ts';
import { newApiKeySecret } from './create-api-key.ts';

export type CreateTenantInput = {
  name: string;
  mode: 'live' | 'test';
  currency?: string;
  timezone?: string;
  locale?: string;
  invoicePrefix?: string;
  paymentTermsDays?: number;
};

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createTenant(ctx: AppContext, input: CreateTenantInput) {
  const name = input.name.trim();
  if (!name) fail('parameter_missing', 'A business needs a name.', 'name');
  const currency = (input.currency ?? 'usd').toLowerCase();
  if (!isKnownCurrency(currency)) fail('currency_unknown', undefined, 'currency');
  const timezone = input.timezone ?? 'UTC';
  if (!isKnownTimeZone(timezone)) fail('timezone_unknown', undefined, 'timezone');
  const locale = input.locale ?? 'en';
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) fail('locale_unsupported', undefined, 'locale');
  const now = ctx.clock.now();
  const tenantId = newId('ten');
  const apiKey = newApiKeySecret(input.mode);
  await inSystemTx(ctx.db, async (tx) => {
    await tx.insert(tenants).values({
      id: tenantId,
      name,
      mode: input.mode,
      currency,
      timezone,
      locale,
      invoicePrefix: (input.invoicePrefix ?? invoicePrefixFor(name)).toUpperCase(),
      paymentTermsDays: input.paymentTermsDays ?? 14,
      testClockAt: input.mode === 'test' ? now : null,
      createdAt: now,
    });
    await tx.insert(apiKeys).values({
      id: newId('key'),
      tenantId,
      keyHash: hashApiKey(apiKey),
      keyPrefix: apiKey.slice(0, 12),
      createdAt: now,
    });
  });
  return { tenant: tenantId, api_key: apiKey };
}
