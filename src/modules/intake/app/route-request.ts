import { and, asc, count, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { memberships } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeRequests, intakeSettings } from '../db/schema.ts';
import { REQUEST_STATES } from '../domain/request.machine.ts';
import { chooseAssignee, type RoutingDecision, type RoutingStrategy } from '../domain/routing.ts';
import { intakeSettingsOf } from './intake-settings.ts';

const OPEN_STATES = REQUEST_STATES.filter((s) => s === 'new' || s === 'accepted' || s === 'assigned' || s === 'in_progress');

/**
 * Picks the assignee for a request by the business's chain (client owner -> strategy) and
 * records it. Runs in the caller's transaction with the business's intake settings row locked,
 * so two requests arriving together see each other's assignment (least busy counts it, round
 * robin moves on) and never take the same slot.
 */
export async function routeRequest(tx: Tx, tenant: TenantContext, request: { id: string; customerId: string | null }): Promise<RoutingDecision> {
  const settings = await intakeSettingsOf(tx, tenant.id, { lock: true });
  const staff = await tx
    .select({ id: memberships.userId })
    .from(memberships)
    .where(eq(memberships.tenantId, tenant.id))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
  const load = await tx
    .select({ userId: intakeRequests.assigneeUserId, open: count() })
    .from(intakeRequests)
    .where(and(eq(intakeRequests.tenantId, tenant.id), inArray(intakeRequests.state, OPEN_STATES), isNotNull(intakeRequests.assigneeUserId)))
    .groupBy(intakeRequests.assigneeUserId);
  const openBy = new Map(load.map((row) => [row.userId, Number(row.open)]));
  const inactive = new Set(settings.inactiveUserIds);
  const decision = chooseAssignee({
    strategy: settings.routingStrategy as RoutingStrategy,
    staff: staff.map((member) => ({ id: member.id, active: !inactive.has(member.id), openRequests: openBy.get(member.id) ?? 0 })),
    mainEmployeeId: settings.mainEmployeeUserId,
    lastRoundRobinId: settings.lastRoundRobinUserId,
    clientOwnerId: request.customerId ? await clientOwner(tx, tenant.id, request.customerId, request.id) : null,
  });
  if (decision.assigneeId === null) return decision;
  await tx
    .update(intakeRequests)
    .set({ assigneeUserId: decision.assigneeId, routingReason: decision.reason, state: 'assigned', assignedAt: tenant.now, updatedAt: tenant.now })
    .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, request.id)));
  if (decision.reason === 'round_robin') {
    await tx.update(intakeSettings).set({ lastRoundRobinUserId: decision.assigneeId }).where(eq(intakeSettings.tenantId, tenant.id));
  }
  return decision;
}

/** The employee with an open request from this client (the most recent), if any. */
async function clientOwner(tx: Tx, tenantId: string, customerId: string, exceptRequestId: string): Promise<string | null> {
  const [row] = await tx
    .select({ assignee: intakeRequests.assigneeUserId })
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.tenantId, tenantId),
        eq(intakeRequests.customerId, customerId),
        ne(intakeRequests.id, exceptRequestId),
        inArray(intakeRequests.state, OPEN_STATES),
        isNotNull(intakeRequests.assigneeUserId),
      ),
    )
    .orderBy(desc(intakeRequests.lastMessageAt))
    .limit(1);
  return row?.assignee ?? null;
}
