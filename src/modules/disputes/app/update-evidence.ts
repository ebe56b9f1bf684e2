import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { disputes } from '../db/schema.ts';
import { transitionDispute } from '../domain/dispute.machine.ts';
import { type EvidenceUpdate, hasEvidence, mergeEvidence } from '../domain/dispute.ts';
import { type DisputeRow, lockDispute } from './find-dispute.ts';

/**
 * Saves evidence (given fields replace, null clears) and, with `submit`, sends it: the dispute
 * moves to under_review and the evidence is frozen. Only possible before the deadline.
 */
export function updateDisputeEvidence(
  ctx: AppContext,
  tenant: TenantContext,
  id: string,
  input: { evidence: EvidenceUpdate; submit: boolean },
): Promise<DisputeRow> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const dispute = await lockDispute(tx, tenant.id, { disputeId: id });
    if (dispute.status !== 'needs_response') {
      fail('invalid_state_transition', `Evidence can only be changed while the dispute needs a response; its status is ${dispute.status}.`);
    }
    if (tenant.now.getTime() > dispute.evidenceDueBy.getTime()) {
      fail('dispute_evidence_past_due', `The evidence was due by ${dispute.evidenceDueBy.toISOString()}; the issuer decides without it.`);
    }
    const evidence = mergeEvidence(dispute.evidence, input.evidence);
    const change: Partial<typeof disputes.$inferInsert> = { evidence, updatedAt: tenant.now };
    if (input.submit) {
      if (!hasEvidence(evidence)) fail('parameter_missing', 'Add at least one piece of evidence before submitting it.', 'submit');
      const { next } = transitionDispute(dispute.status, 'submit_evidence');
      change.status = next;
      change.evidenceSubmittedAt = tenant.now;
    }
    const [row] = await tx
      .update(disputes)
      .set(change)
      .where(and(eq(disputes.tenantId, tenant.id), eq(disputes.id, dispute.id)))
      .returning();
    return row!;
  });
}

/**
 * The gateway reports that evidence went in on its side (Stripe's dashboard: charge.dispute.updated
 * with status under_review). No deadline check: the gateway accepted it. A repeat, or a dispute
 * already past needs_response, is left as it is.
 */
export async function recordEvidenceSubmitted(
  tx: Tx,
  tenant: TenantContext,
  by: { disputeId?: string | null; gatewayDisputeId?: string | null },
): Promise<DisputeRow> {
  const dispute = await lockDispute(tx, tenant.id, by);
  if (dispute.status !== 'needs_response') return dispute;
  const { next } = transitionDispute(dispute.status, 'submit_evidence');
  const [row] = await tx
    .update(disputes)
    .set({ status: next, evidenceSubmittedAt: tenant.now, updatedAt: tenant.now })
    .where(and(eq(disputes.tenantId, tenant.id), eq(disputes.id, dispute.id)))
    .returning();
  return row!;
}
