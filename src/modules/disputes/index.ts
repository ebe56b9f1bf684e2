export { type CloseDisputeInput, closeDispute, closeDisputeById } from './app/close-dispute.ts';
export { type DisputeRow, hasOpenDispute } from './app/find-dispute.ts';
export { getDispute, listDisputes } from './app/list-disputes.ts';
export { createDispute, type OpenDisputeInput, openDispute } from './app/open-dispute.ts';
export { recordEvidenceSubmitted, updateDisputeEvidence } from './app/update-evidence.ts';
export { disputes } from './db/schema.ts';
export { DISPUTE_STATES, type DisputeState, isOpenDispute } from './domain/dispute.machine.ts';
export { DISPUTE_REASONS, type DisputeReason, EVIDENCE_FILE_FIELDS, EVIDENCE_TEXT_FIELDS } from './domain/dispute.ts';
export { disputeRoutes } from './http/routes.ts';
