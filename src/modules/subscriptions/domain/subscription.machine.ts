/**
 * Subscription lifecycle. `canceled` is final; every other state can be canceled.
 * A failed renewal moves an active subscription to past_due, where dunning retries it;
 * when dunning gives up it becomes unpaid and stops renewing until someone pays.
 *
 * Effects are idempotent commands for the use case (so listing one that is already in
 * force, such as stop_dunning when none is running, is harmless):
 *   invoice_period - invoice the period that starts now (the first paid one after a trial)
 *   start_dunning  - start the retry and reminder schedule for the failed invoice
 *   stop_dunning   - cancel pending retries and reminders
 *   stop_billing   - stop scheduling renewals
 *   resume_billing - schedule the next renewal again
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const SUBSCRIPTION_STATES = ['trialing', 'active', 'past_due', 'paused', 'canceled', 'unpaid'] as const;
export const SUBSCRIPTION_EVENTS = ['trial_end', 'payment_failed', 'payment_succeeded', 'pause', 'resume', 'cancel', 'mark_unpaid'] as const;

export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];
export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number];
export type SubscriptionEffect = 'invoice_period' | 'start_dunning' | 'stop_dunning' | 'stop_billing' | 'resume_billing';
type Move = { next: SubscriptionState; effects: readonly SubscriptionEffect[] };

const PAUSE: Move = { next: 'paused', effects: ['stop_billing', 'stop_dunning'] };
const CANCEL: Move = { next: 'canceled', effects: ['stop_billing', 'stop_dunning'] };

/** The whole lifecycle; a missing (state, event) pair is an illegal move. */
export const SUBSCRIPTION_TRANSITIONS: {
  readonly [S in SubscriptionState]: Readonly<Partial<Record<SubscriptionEvent, Move>>>;
} = {
  trialing: {
    trial_end: { next: 'active', effects: ['invoice_period'] },
    pause: PAUSE,
    cancel: CANCEL,
  },
  active: {
    payment_failed: { next: 'past_due', effects: ['start_dunning'] },
    // A late payment of an older invoice, or an off-cycle charge: nothing changes.
    payment_succeeded: { next: 'active', effects: [] },
    pause: PAUSE,
    cancel: CANCEL,
  },
  past_due: {
    // The running dunning schedule already owns the next retry.
    payment_failed: { next: 'past_due', effects: [] },
    payment_succeeded: { next: 'active', effects: ['stop_dunning'] },
    pause: PAUSE,
    cancel: CANCEL,
    mark_unpaid: { next: 'unpaid', effects: ['stop_dunning', 'stop_billing'] },
  },
  paused: {
    resume: { next: 'active', effects: ['resume_billing'] },
    cancel: CANCEL,
  },
  unpaid: {
    payment_succeeded: { next: 'active', effects: ['resume_billing'] },
    cancel: CANCEL,
  },
  canceled: {},
};

const EVENT_VERBS: Record<SubscriptionEvent, string> = {
  trial_end: 'end the trial of',
  payment_failed: 'record a failed payment for',
  payment_succeeded: 'record a successful payment for',
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  mark_unpaid: 'mark as unpaid',
};

export function transition(state: SubscriptionState, event: SubscriptionEvent): { next: SubscriptionState; effects: SubscriptionEffect[] } {
  const t = SUBSCRIPTION_TRANSITIONS[state][event];
  if (!t) {
    throw new DomainError('invalid_state_transition', `Cannot ${EVENT_VERBS[event]} a subscription whose status is ${state}.`);
  }
  // A copy, so a caller cannot edit the shared table.
  return { next: t.next, effects: [...t.effects] };
}

/** The same function under a name that stays clear when re-exported from the module index. */
export { transition as transitionSubscription };
