import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/domain-error.ts';
import { PAYMENT_ATTEMPT_EVENTS, PAYMENT_ATTEMPT_STATES, type PaymentAttemptEvent, type PaymentAttemptState, transition } from './payment-attempt.machine.ts';

type Outcome = [PaymentAttemptState, string[]] | 'illegal';
const X = 'illegal' as const;

// Expected outcome for every (state, event) pair, written out independently of the table.
const EXPECTED: Record<PaymentAttemptState, Record<PaymentAttemptEvent, Outcome>> = {
  pending: {
    succeed: ['succeeded', ['record_payment']],
    fail: ['failed', ['record_failure']],
    require_action: ['requires_action', ['notify_customer']],
  },
  requires_action: {
    succeed: ['succeeded', ['record_payment']],
    fail: ['failed', ['record_failure']],
    require_action: X,
  },
  succeeded: { succeed: X, fail: X, require_action: X },
  failed: { succeed: X, fail: X, require_action: X },
};

describe('payment attempt machine', () => {
  it('covers exactly the expected states and events', () => {
    expect([...PAYMENT_ATTEMPT_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...PAYMENT_ATTEMPT_EVENTS].sort()).toEqual(Object.keys(EXPECTED.pending).sort());
  });

  for (const state of PAYMENT_ATTEMPT_STATES) {
    for (const event of PAYMENT_ATTEMPT_EVENTS) {
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

  it('does not let a settled attempt be settled again', () => {
    expect(() => transition('succeeded', 'fail')).toThrow('Cannot mark as failed a payment attempt whose status is succeeded.');
  });
});
