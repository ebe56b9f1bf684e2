import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx, inTenantTx } from '../../../platform/db/tx.ts';
import { DomainError, fail } from '../../../platform/errors.ts';
import { findCustomer } from '../../customers/index.ts';
import { loadTenant, type TenantContext } from '../../tenants/index.ts';
import { portalSessions, portalTokens } from '../db/schema.ts';
import { hashSecret, newSecret, SESSION_DAYS } from '../domain/secrets.ts';

/** Who a portal request speaks for: one customer of one business. */
export type PortalClient = { tenant: TenantContext; customerId: string; sessionId: string; csrfToken: string };

async function tenantOrNull(ctx: AppContext, tenantId: string) {
  return loadTenant(ctx, tenantId).catch((error: unknown) => {
    if (error instanceof DomainError) return null;
    throw error;
  });
}

/**
 * Exchanges a sign-in link's token for a portal session: the token must be genuine, unexpired by
 * the business's clock and unused; claiming it and opening the session are one transaction.
 */
export async function signInWithToken(ctx: AppContext, token: string) {
  const tokenHash = hashSecret(token);
  const [found] = await inSystemTx(ctx.db, (tx) => tx.select().from(portalTokens).where(eq(portalTokens.tokenHash, tokenHash)));
  if (!found) fail('portal_link_invalid', undefined, 'token');
  const tenant = await tenantOrNull(ctx, found.tenantId);
  if (!tenant) fail('portal_link_invalid', undefined, 'token');
  if (found.usedAt) fail('portal_link_used', undefined, 'token');
  if (tenant.now.getTime() > found.expiresAt.getTime()) fail('portal_link_expired', undefined, 'token');
  const session = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(tenant.now.getTime() + SESSION_DAYS * 86_400_000);
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const claimed = await tx
      .update(portalTokens)
      .set({ usedAt: tenant.now })
      .where(and(eq(portalTokens.tenantId, tenant.id), eq(portalTokens.tokenHash, tokenHash), isNull(portalTokens.usedAt)))
      .returning();
    // Two tabs opening the same link at once: only one gets a session.
    if (claimed.length === 0) fail('portal_link_used', undefined, 'token');
    await findCustomer(tx, tenant.id, found.customerId);
    await tx.insert(portalSessions).values({
      tenantId: tenant.id,
      id: hashSecret(session),
      customerId: found.customerId,
      csrfToken,
      expiresAt,
      createdAt: tenant.now,
    });
  });
  return { session, csrfToken, expiresAt, tenantId: tenant.id, customerId: found.customerId };
}

/** The client behind a session cookie, or a 401 when it is unknown, revoked or expired. */
export async function authenticatePortalSession(ctx: AppContext, session: string | undefined): Promise<PortalClient> {
  if (!session || session.length > 200) fail('portal_sign_in_required');
  const id = hashSecret(session);
  const [row] = await inSystemTx(ctx.db, (tx) => tx.select().from(portalSessions).where(eq(portalSessions.id, id)));
  if (!row || row.revokedAt) fail('portal_sign_in_required');
  const tenant = await tenantOrNull(ctx, row.tenantId);
  if (!tenant || tenant.now.getTime() > row.expiresAt.getTime()) fail('portal_sign_in_required');
  return { tenant, customerId: row.customerId, sessionId: row.id, csrfToken: row.csrfToken };
}

/** Ends the session on this browser. */
export async function signOutPortal(ctx: AppContext, client: PortalClient): Promise<void> {
  await inTenantTx(ctx.db, client.tenant.id, (tx) =>
    tx
      .update(portalSessions)
      .set({ revokedAt: client.tenant.now })
      .where(and(eq(portalSessions.tenantId, client.tenant.id), eq(portalSessions.id, client.sessionId), sql`${portalSessions.revokedAt} is null`)),
  );
}
