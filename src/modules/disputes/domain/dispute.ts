/**
 * What a dispute is about and what a business can answer with. Reasons and evidence field names
 * are Stripe's, so a dispute that arrives from Stripe maps onto ours without translation.
 */
export const DISPUTE_REASONS = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** A reason we do not know (a newer network code) is kept as `general` rather than refused. */
export function toDisputeReason(reason: string): DisputeReason {
  return (DISPUTE_REASONS as readonly string[]).includes(reason) ? (reason as DisputeReason) : 'general';
}

/** Evidence the business writes. */
export const EVIDENCE_TEXT_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'duplicate_charge_explanation',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'uncategorized_text',
] as const;

/** Evidence the business uploads: we keep what the file is, the document store keeps the bytes. */
export const EVIDENCE_FILE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'uncategorized_file',
] as const;

export type EvidenceTextField = (typeof EVIDENCE_TEXT_FIELDS)[number];
export type EvidenceFileField = (typeof EVIDENCE_FILE_FIELDS)[number];
export type EvidenceFile = { filename: string; content_type: string; size: number; sha256?: string | null; url?: string | null };
export type Evidence = Partial<Record<EvidenceTextField, string> & Record<EvidenceFileField, EvidenceFile>>;
/** An update: a value sets the field, null clears it, an absent field stays as it was. */
export type EvidenceUpdate = Partial<Record<EvidenceTextField, string | null> & Record<EvidenceFileField, EvidenceFile | null>>;

export function mergeEvidence(current: Evidence, update: EvidenceUpdate): Evidence {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as Evidence;
}

export const hasEvidence = (evidence: Evidence) => Object.keys(evidence).length > 0;

/**
 * How much of a payment can still be disputed: what was paid, less what was refunded and what
 * other disputes on it still hold or have taken for good (a won dispute gave its money back).
 */
export function disputableAmount(payment: { amount: number; amountRefunded: number }, otherDisputes: { amount: number; status: string }[]): number {
  const held = otherDisputes.filter((d) => d.status !== 'won').reduce((sum, d) => sum + d.amount, 0);
  return Math.max(0, payment.amount - payment.amountRefunded - held);
}
