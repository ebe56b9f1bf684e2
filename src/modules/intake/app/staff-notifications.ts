import { and, count, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { staffNotifications } from '../db/schema.ts';

export type StaffNotification = typeof staffNotifications.$inferSelect;

/** An employee's notifications, newest first, with how many are unread. */
export async function listNotifications(ctx: AppContext, tenant: TenantContext, userId: string, page: { limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const mine = and(eq(staffNotifications.tenantId, tenant.id), eq(staffNotifications.userId, userId));
    const rows = await tx
      .select()
      .from(staffNotifications)
      .where(and(mine, page.startingAfter ? lt(staffNotifications.id, page.startingAfter) : undefined))
      .orderBy(desc(staffNotifications.id))
      .limit(page.limit + 1);
    const [unread] = await tx
      .select({ n: count() })
      .from(staffNotifications)
      .where(and(mine, isNull(staffNotifications.readAt)));
    return { rows, unread: Number(unread?.n ?? 0) };
  });
}

/** Notifications after `afterId` (the live stream's cursor); marks them as told live so no digest repeats them. */
export async function takeNewNotifications(ctx: AppContext, tenantId: string, userId: string, afterId: string): Promise<StaffNotification[]> {
  return inTenantTx(ctx.db, tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(staffNotifications)
      .where(and(eq(staffNotifications.tenantId, tenantId), eq(staffNotifications.userId, userId), gt(staffNotifications.id, afterId)))
      .orderBy(staffNotifications.id)
      .limit(50);
    const untold = rows.filter((row) => row.digestedAt === null).map((row) => row.id);
    if (untold.length > 0) {
      await tx
        .update(staffNotifications)
        .set({ digestedAt: ctx.clock.now() })
        .where(and(eq(staffNotifications.tenantId, tenantId), inArray(staffNotifications.id, untold)));
    }
    return rows;
  });
}

/** The newest notification id of an employee: a new stream starts after it. */
export async function latestNotificationId(ctx: AppContext, tenantId: string, userId: string): Promise<string> {
  const [row] = await inTenantTx(ctx.db, tenantId, (tx) =>
    tx
      .select({ id: staffNotifications.id })
      .from(staffNotifications)
      .where(and(eq(staffNotifications.tenantId, tenantId), eq(staffNotifications.userId, userId)))
      .orderBy(desc(staffNotifications.id))
      .limit(1),
  );
  return row?.id ?? '';
}

export async function markNotificationsRead(ctx: AppContext, tenant: TenantContext, userId: string, ids: string[] | 'all'): Promise<number> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const updated = await tx
      .update(staffNotifications)
      .set({ readAt: tenant.now })
      .where(
        and(
          eq(staffNotifications.tenantId, tenant.id),
          eq(staffNotifications.userId, userId),
          isNull(staffNotifications.readAt),
          ids === 'all' ? undefined : inArray(staffNotifications.id, ids.length ? ids : ['']),
        ),
      )
      .returning({ id: staffNotifications.id });
    return updated.length;
  });
}
