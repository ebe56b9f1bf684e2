import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { apiKeys } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';
import { hashApiKey } from './create-tenant.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** How much of a key is kept readable: `sk_test_` and four characters, enough to tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 12;

export function newApiKeySecret(mode: 'live' | 'test'): string {
  return `sk_${mode}_${randomBytes(24).toString('base64url')}`;
}

/** A new key for the business. Only its hash is stored: the caller sees the full key this once. */
export async function createApiKey(ctx: AppContext, tenant: TenantContext, input: { name: string }): Promise<{ row: ApiKeyRow; secret: string }> {
  const secret = newApiKeySecret(tenant.mode);
  const row = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [inserted] = await tx
      .insert(apiKeys)
      .values({
        id: newId('key'),
        tenantId: tenant.id,
        keyHash: hashApiKey(secret),
        keyPrefix: secret.slice(0, API_KEY_PREFIX_LENGTH),
        name: input.name.trim(),
        createdAt: ctx.clock.now(),
      })
      .returning();
    return inserted!;
  });
  return { row, secret };
}
