import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { DomainError } from '../../../platform/errors.ts';
import { customers } from '../../customers/index.ts';
import { queueCustomerMessage } from '../../messaging/index.ts';
import { loadTenant } from '../../tenants/index.ts';
import { MAGIC_LINK_MINUTES, RATE_LIMITS } from '../domain/secrets.ts';
import { issuePortalLink } from './issue-portal-link.ts';
import { countPortalHits } from './rate-limit.ts';

/**
 * A client asks for a sign-in link by email. The answer never says whether the email belongs to
 * a client of this business (no account enumeration): the caller always answers the same way.
 * Rate-limited per IP and per business+email.
 */
export async function requestMagicLink(ctx: AppContext, input: { businessId: string; email: string; ip: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await countPortalHits(ctx, [
    { key: `ip:${input.ip}`, ...RATE_LIMITS.perIp },
    { key: `email:${input.businessId}:${email}`, ...RATE_LIMITS.perEmail },
  ]);
  const tenant = await loadTenant(ctx, input.businessId).catch((error: unknown) => {
    if (error instanceof DomainError) return null;
    throw error;
  });
  if (!tenant) return;
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const matches = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.email, email), isNull(customers.mergedIntoId)))
      .limit(3);
    // Two client records may share an address (a parent paying for two children): one link each.
    for (const customer of matches) {
      const link = await issuePortalLink(tx, tenant, customer.id);
      await queueCustomerMessage(tx, tenant, {
        customerId: customer.id,
        template: 'portal-email:magic_link',
        vars: { sign_in_url: link.url, minutes: MAGIC_LINK_MINUTES },
        urgent: true,
        channels: ['email'],
      });
    }
  });
}
