import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { apiKeys } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';
import type { ApiKeyRow } from './create-api-key.ts';
import { hashApiKey } from './create-tenant.ts';

/**
 * Stops a key from working. The key making the call cannot revoke itself: the caller would
 * lock itself out mid-request. Revoking an already revoked key changes nothing.
 */
export function revokeApiKey(ctx: AppContext, tenant: TenantContext, id: string, callingKey: string | null): Promise<ApiKeyRow> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.id, id)));
    if (!row) notFound('API key', id);
    if (callingKey !== null && row.keyHash === hashApiKey(callingKey)) fail('api_key_in_use');
    if (row.revokedAt) return row;
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.clock.now() })
      .where(and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.id, id)))
      .returning();
    return revoked!;
  });
}
