import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { portalTokens } from '../db/schema.ts';
import { hashSecret, MAGIC_LINK_MINUTES, newSecret } from '../domain/secrets.ts';

/**
 * Records a single-use sign-in token for one customer of one business and returns the link
 * that carries it. The token itself is never stored, only its hash.
 */
export async function issuePortalLink(tx: Tx, tenant: TenantContext, customerId: string): Promise<{ url: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(tenant.now.getTime() + MAGIC_LINK_MINUTES * 60_000);
  await tx.insert(portalTokens).values({ tenantId: tenant.id, tokenHash: hashSecret(token), customerId, expiresAt, createdAt: tenant.now });
  // The business travels along so an expired or used link can offer to email a new one.
  return { url: `${publicUrl()}/portal/sign-in?token=${token}&b=${encodeURIComponent(tenant.id)}`, expiresAt };
}
