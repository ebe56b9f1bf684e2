import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { queueOwnerMessage } from '../../messaging/index.ts';
import { loadTenant } from '../../tenants/index.ts';
import { memberships, passwordResets, users } from '../db/schema.ts';
import { normaliseEmail } from '../domain/password-policy.ts';
import { randomToken, sha256 } from './credentials.ts';

export const RESET_LINK_TTL_MS = 3_600_000;

/**
 * Mails a one-hour reset link when the address belongs to someone; the caller answers the same
 * either way so the form does not reveal who has an account.
 */
export async function requestPasswordReset(ctx: AppContext, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (!user) return;
  // Mail goes out through a business's channels; a person with no business left has nowhere to be sent from.
  const [membership] = await ctx.db.select().from(memberships).where(eq(memberships.userId, user.id)).orderBy(asc(memberships.createdAt)).limit(1);
  if (!membership) return;
  const tenant = await loadTenant(ctx, membership.tenantId);
  const token = randomToken();
  const now = ctx.clock.now();
  await inSystemTx(ctx.db, async (tx) => {
    await tx
      .insert(passwordResets)
      .values({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS), createdAt: now });
    await queueOwnerMessage(
      tx,
      { ...tenant, locale: user.locale },
      user.email,
      'staff:password_reset',
      { name: user.name ?? user.email, reset_url: `${publicUrl()}/app/reset?token=${token}` },
      `password_reset:${sha256(token)}`,
    );
  });
}
