import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { queueOwnerMessage } from '../../messaging/index.ts';
import { users } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { staffNotifications } from '../db/schema.ts';
import { intakeSettingsOf } from './intake-settings.ts';

/** How long a notification may go unseen (no live stream took it, nobody read it) before it is emailed. */
export const DIGEST_AFTER_MS = 10 * 60_000;

/**
 * Staff who were offline when requests reached them get one email listing them. A notification
 * a live stream delivered, or one already read, is never emailed; each is emailed at most once.
 */
export async function sendNotificationDigests(ctx: AppContext, tenant: TenantContext): Promise<number> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const settings = await intakeSettingsOf(tx, tenant.id);
    const due = await tx
      .select()
      .from(staffNotifications)
      .where(
        and(
          eq(staffNotifications.tenantId, tenant.id),
          isNull(staffNotifications.digestedAt),
          isNull(staffNotifications.readAt),
          lte(staffNotifications.createdAt, new Date(tenant.now.getTime() - DIGEST_AFTER_MS)),
        ),
      )
      .orderBy(asc(staffNotifications.id))
      .limit(1000)
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    if (settings.digestEnabled) {
      const byUser = new Map<string, typeof due>();
      for (const row of due) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      const people = await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(inArray(users.id, [...byUser.keys()]));
      for (const person of people) {
        const rows = byUser.get(person.id) ?? [];
        await queueOwnerMessage(
          tx,
          tenant,
          person.email,
          'intake:digest',
          { count: rows.length, lines: rows.map((row) => `• ${row.title}`).join('\n'), url: `${publicUrl()}/app/requests` },
          `digest:${person.id}:${rows.at(-1)!.id}`,
        );
      }
    }
    await tx
      .update(staffNotifications)
      .set({ digestedAt: tenant.now })
      .where(
        and(
          eq(staffNotifications.tenantId, tenant.id),
          inArray(
            staffNotifications.id,
            due.map((row) => row.id),
          ),
        ),
      );
    return due.length;
  });
}
