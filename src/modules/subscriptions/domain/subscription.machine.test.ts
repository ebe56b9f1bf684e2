import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/domain-error.ts';
import { SUBSCRIPTION_EVENTS, SUBSCRIPTION_STATES, type SubscriptionEvent, type SubscriptionState, transition } from './subscription.machine.ts';

type Outcome = [SubscriptionState, string[]] | 'illegal';
const X = 'illegal' as const;
const pause: Outcome = ['paused', ['stop_billing', 'stop_dunning']];
const cancel: Outcome = ['canceled', ['stop_billing', 'stop_dunning']];

// Expected outcome for every (state, event) pair, written out independently of the table.
const EXPECTED: Record<SubscriptionState, Record<SubscriptionEvent, Outcome>> = {
  trialing: {
    trial_end: ['active', ['invoice_period']],
    payment_failed: X,
    payment_succeeded: X,
    pause,
    resume: X,
    cancel,
    mark_unpaid: X,
  },
  active: {
    trial_end: X,
    payment_failed: ['past_due', ['start_dunning']],
    payment_succeeded: ['active', []],
    pause,
    resume: X,
    cancel,
    mark_unpaid: X,
  },
  past_due: {
    trial_end: X,
    payment_failed: ['past_due', []],
    payment_succeeded: ['active', ['stop_dunning']],
    pause,
    resume: X,
    cancel,
    mark_unpaid: ['unpaid', ['stop_dunning', 'stop_billing']],
  },
  paused: {
    trial_end: X,
    payment_failed: X,
    payment_succeeded: X,
    pause: X,
    resume: ['active', ['resume_billing']],
    cancel,
    mark_unpaid: X,
  },
  canceled: {
    trial_end: X,
    payment_failed: X,
    payment_succeeded: X,
    pause: X,
    resume: X,
    cancel: X,
    mark_unpaid: X,
  },
  unpaid: {
    trial_end: X,
    payment_failed: X,
    payment_succeeded: ['active', ['resume_billing']],
    pause: X,
    resume: X,
    cancel,
    mark_unpaid: X,
  },
};

describe('subscription machine', () => {
  it('covers exactly the expected states and events', () => {
    expect([...SUBSCRIPTION_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...SUBSCRIPTION_EVENTS].sort()).toEqual(Object.keys(EXPECTED.active).sort());
  });

  for (const state of SUBSCRIPTION_STATES) {
    for (const event of SUBSCRIPTION_EVENTS) {
      const expected = EXPECTED[state][event];
      it(`${state} + ${event} -> ${expected === X ? X : expected[0]}`, () => {
        if (expected === X) {
          let error: unknown;
          try {
            transition(state, event);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('invalid_state_transition');
          expect((error as DomainError).message).toContain(state);
        } else {
          expect(transition(state, event)).toEqual({ next: expected[0], effects: expected[1] });
        }
      });
    }
  }

  it('explains an illegal move in words', () => {
    expect(() => transition('canceled', 'resume')).toThrow('Cannot resume a subscription whose status is canceled.');
  });
});
