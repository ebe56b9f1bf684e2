import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { memberships } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeRequests } from '../db/schema.ts';
import { type RequestState, transitionRequest } from '../domain/request.machine.ts';
import { lockRequest } from './load-request.ts';
import { announceNotifications, notifyStaff } from './notify-staff.ts';

/** Hands a request to an employee by hand (the main employee distributing, or a colleague passing it on). */
export async function assignRequest(ctx: AppContext, tenant: TenantContext, requestId: string, assigneeUserId: string, byUserId: string | null) {
  const row = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const request = await lockRequest(tx, tenant.id, requestId);
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, assigneeUserId)));
    if (!member) fail('assignee_not_member', undefined, 'assignee_user_id');
    const state = transitionRequest(request.state as RequestState, 'assign');
    const [updated] = await tx
      .update(intakeRequests)
      .set({ state, assigneeUserId, routingReason: 'manual', assignedAt: tenant.now, updatedAt: tenant.now })
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, requestId)))
      .returning();
    if (assigneeUserId !== byUserId && assigneeUserId !== request.assigneeUserId) {
      const title = [request.sender.name, request.subject].filter(Boolean).join(' — ');
      await notifyStaff(tx, tenant, [assigneeUserId], { kind: 'request_assigned', requestId, title });
    }
    await enqueueOutbox(tx, tenant.id, 'request.assigned', { object: 'request', id: requestId, assignee_user_id: assigneeUserId }, tenant.now);
    return updated!;
  });
  announceNotifications(tenant.id);
  return row;
}
