/**
 * A chargeback's lifecycle, as card networks run it (Stripe's names). The network has already
 * taken the money when the dispute opens (`needs_response`); the business answers with evidence
 * before the deadline (`under_review`), and the issuer decides (`won` or `lost`). The issuer may
 * also decide before any evidence arrives, so both outcomes are reachable from either open state.
 *
 * Effects, carried out by the use case in the same transaction:
 *   mark_submitted - stamp evidence_submitted_at; the evidence is frozen from now on
 *   return_funds   - post the reversal of the withdrawal (and the fee, when the gateway returns it)
 *   book_loss      - move the withdrawn funds from `disputes` to `chargeback_losses`
 *   notify_owner   - email the owner the outcome
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const DISPUTE_STATES = ['needs_response', 'under_review', 'won', 'lost'] as const;
export const DISPUTE_EVENTS = ['submit_evidence', 'win', 'lose'] as const;

export type DisputeState = (typeof DISPUTE_STATES)[number];
export type DisputeEvent = (typeof DISPUTE_EVENTS)[number];
export type DisputeEffect = 'mark_submitted' | 'return_funds' | 'book_loss' | 'notify_owner';
type Move = { next: DisputeState; effects: readonly DisputeEffect[] };

const WIN: Move = { next: 'won', effects: ['return_funds', 'notify_owner'] };
const LOSE: Move = { next: 'lost', effects: ['book_loss', 'notify_owner'] };

/** The whole lifecycle; a missing (state, event) pair is an illegal move. */
export const DISPUTE_TRANSITIONS: {
  readonly [S in DisputeState]: Readonly<Partial<Record<DisputeEvent, Move>>>;
} = {
  needs_response: { submit_evidence: { next: 'under_review', effects: ['mark_submitted'] }, win: WIN, lose: LOSE },
  under_review: { win: WIN, lose: LOSE },
  won: {},
  lost: {},
};

/** Open disputes hold the disputed money at the network; reminders about the invoice pause meanwhile. */
export const OPEN_DISPUTE_STATES: readonly DisputeState[] = ['needs_response', 'under_review'];

export const isOpenDispute = (state: DisputeState) => OPEN_DISPUTE_STATES.includes(state);

const EVENT_VERBS: Record<DisputeEvent, string> = {
  submit_evidence: 'submit evidence for',
  win: 'close as won',
  lose: 'close as lost',
};

export function transitionDispute(state: DisputeState, event: DisputeEvent): { next: DisputeState; effects: DisputeEffect[] } {
  const t = DISPUTE_TRANSITIONS[state][event];
  if (!t) throw new DomainError('invalid_state_transition', `Cannot ${EVENT_VERBS[event]} a dispute whose status is ${state}.`);
  return { next: t.next, effects: [...t.effects] };
}
