import { unix } from '../../../platform/http/dto.ts';
import type { DisputeRow } from '../app/find-dispute.ts';
import { EVIDENCE_FILE_FIELDS, EVIDENCE_TEXT_FIELDS, hasEvidence } from '../domain/dispute.ts';

/** Stripe's dispute shape: every evidence field is present (null when empty). */
export const disputeDto = (d: DisputeRow, now: Date) => {
  const evidence: Record<string, unknown> = {};
  for (const field of [...EVIDENCE_TEXT_FIELDS, ...EVIDENCE_FILE_FIELDS].sort()) evidence[field] = d.evidence[field] ?? null;
  return {
    id: d.id,
    object: 'dispute' as const,
    payment: d.paymentId,
    invoice: d.invoiceId,
    customer: d.customerId,
    amount: d.amount,
    currency: d.currency,
    fee: d.fee,
    fee_returned: d.feeReturned,
    reason: d.reason,
    status: d.status,
    outcome: d.outcome,
    gateway_dispute: d.gatewayDisputeId,
    evidence,
    evidence_details: {
      due_by: unix(d.evidenceDueBy),
      submitted_at: unix(d.evidenceSubmittedAt),
      has_evidence: hasEvidence(d.evidence),
      past_due: d.status === 'needs_response' && now.getTime() > d.evidenceDueBy.getTime(),
    },
    closed_at: unix(d.closedAt),
    created: unix(d.createdAt),
  };
};
