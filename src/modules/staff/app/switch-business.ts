import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { notFound } from '../../../platform/errors.ts';
import { memberships, sessions } from '../db/schema.ts';
import type { StaffSession } from './authenticate-session.ts';

/** Moves the session to another business the person belongs to; any other id looks like it does not exist. */
export async function switchBusiness(ctx: AppContext, session: StaffSession, businessId: string): Promise<void> {
  const [membership] = await ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, session.userId), eq(memberships.tenantId, businessId)));
  if (!membership) notFound('business', businessId, 'business_id');
  await ctx.db.update(sessions).set({ tenantId: businessId }).where(eq(sessions.id, session.id));
}
