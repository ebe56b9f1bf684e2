import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeRequests } from '../db/schema.ts';
import { type RequestState, transitionRequest } from '../domain/request.machine.ts';
import { lockRequest } from './load-request.ts';

/** The employee starts work on a request, finishes it, or opens a finished one again. */
export async function changeRequestState(ctx: AppContext, tenant: TenantContext, requestId: string, event: 'start' | 'complete' | 'reopen') {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const request = await lockRequest(tx, tenant.id, requestId);
    const state = transitionRequest(request.state as RequestState, event);
    const [updated] = await tx
      .update(intakeRequests)
      .set({ state, closedAt: state === 'done' ? tenant.now : null, updatedAt: tenant.now })
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, requestId)))
      .returning();
    return updated!;
  });
}
