/**
 * One attempt to collect a payment. `succeeded` and `failed` are final: a retry is a new
 * attempt, so each attempt's history (and its gateway idempotency key) stays its own.
 *
 * Effects, carried out by the use case:
 *   record_payment  - apply the money to the invoice and post it to the ledger
 *   record_failure  - store the decline code so dunning can decide whether to retry
 *   notify_customer - send the customer the link to complete authentication (3-D Secure)
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const PAYMENT_ATTEMPT_STATES = ['pending', 'succeeded', 'failed', 'requires_action'] as const;
export const PAYMENT_ATTEMPT_EVENTS = ['succeed', 'fail', 'require_action'] as const;

export type PaymentAttemptState = (typeof PAYMENT_ATTEMPT_STATES)[number];
export type PaymentAttemptEvent = (typeof PAYMENT_ATTEMPT_EVENTS)[number];
export type PaymentAttemptEffect = 'record_payment' | 'record_failure' | 'notify_customer';
type Move = { next: PaymentAttemptState; effects: readonly PaymentAttemptEffect[] };

const SUCCEED: Move = { next: 'succeeded', effects: ['record_payment'] };
const FAIL: Move = { next: 'failed', effects: ['record_failure'] };

/** The whole lifecycle; a missing (state, event) pair is an illegal move. */
export const PAYMENT_ATTEMPT_TRANSITIONS: {
  readonly [S in PaymentAttemptState]: Readonly<Partial<Record<PaymentAttemptEvent, Move>>>;
} = {
  pending: {
    succeed: SUCCEED,
    fail: FAIL,
    require_action: { next: 'requires_action', effects: ['notify_customer'] },
  },
  requires_action: { succeed: SUCCEED, fail: FAIL },
  succeeded: {},
  failed: {},
};

const EVENT_VERBS: Record<PaymentAttemptEvent, string> = {
  succeed: 'mark as succeeded',
  fail: 'mark as failed',
  require_action: 'ask for customer action on',
};

export function transition(state: PaymentAttemptState, event: PaymentAttemptEvent): { next: PaymentAttemptState; effects: PaymentAttemptEffect[] } {
  const t = PAYMENT_ATTEMPT_TRANSITIONS[state][event];
  if (!t) {
    throw new DomainError('invalid_state_transition', `Cannot ${EVENT_VERBS[event]} a payment attempt whose status is ${state}.`);
  }
  // A copy, so a caller cannot edit the shared table.
  return { next: t.next, effects: [...t.effects] };
}

/** The same function under a name that stays clear when re-exported from the module index. */
export { transition as transitionPaymentAttempt };
