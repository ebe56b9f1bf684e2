import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { loadTenant, tenants } from '../../tenants/index.ts';
import { memberships } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';
import type { StaffSession } from './authenticate-session.ts';

/** What the back office needs to draw itself: who, in which business, with what role, and where else they may go. */
export async function sessionInfo(ctx: AppContext, session: StaffSession) {
  const business = await loadTenant(ctx, session.tenantId);
  const businesses = await ctx.db
    .select({ id: tenants.id, name: tenants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, session.userId))
    .orderBy(asc(tenants.name));
  return {
    user: { id: session.userId, email: session.email, name: session.name, mfa_enabled: session.mfaEnabled },
    business: {
      id: business.id,
      name: business.name,
      currency: business.currency,
      timezone: business.timezone,
      locale: business.locale,
      mode: business.mode,
    },
    role: (businesses.find((b) => b.id === session.tenantId)?.role as Role | undefined) ?? session.role,
    businesses: businesses.map((b) => ({ id: b.id, name: b.name, role: b.role as Role })),
  };
}
