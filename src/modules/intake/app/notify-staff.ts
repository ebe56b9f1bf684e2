import { EventEmitter } from 'node:events';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { memberships } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { staffNotifications } from '../db/schema.ts';

export type NotificationKind = 'request_assigned' | 'request_message' | 'review_waiting';

/**
 * Wakes this process's live streams when a use case committed notifications. Streams also poll
 * the table, so notifications written by another process (a worker, a second server) arrive too.
 */
export const notificationSignals = new EventEmitter().setMaxListeners(0);

export function announceNotifications(tenantId: string): void {
  notificationSignals.emit('committed', tenantId);
}

/** Records a notification for each user in the caller's transaction; the caller announces after commit. */
export async function notifyStaff(
  tx: Tx,
  tenant: TenantContext,
  userIds: readonly string[],
  notification: { kind: NotificationKind; requestId: string; title: string },
): Promise<void> {
  if (userIds.length === 0) return;
  await tx.insert(staffNotifications).values(
    [...new Set(userIds)].map((userId) => ({
      tenantId: tenant.id,
      id: newId('ntf'),
      userId,
      kind: notification.kind,
      requestId: notification.requestId,
      title: notification.title.slice(0, 200),
      createdAt: tenant.now,
    })),
  );
}

/** Who looks after the review queue: owners and managers. */
export async function reviewers(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, ['owner', 'manager'])));
  return rows.map((row) => row.userId);
}
