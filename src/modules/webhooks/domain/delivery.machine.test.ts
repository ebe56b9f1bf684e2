import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/domain-error.ts';
import { DELIVERY_EVENTS, DELIVERY_STATES, DELIVERY_TRANSITIONS, transitionDelivery } from './delivery.machine.ts';

describe('webhook delivery machine', () => {
  it('every (state, event) pair is either in the table or an illegal-move error', () => {
    for (const state of DELIVERY_STATES) {
      for (const event of DELIVERY_EVENTS) {
        const entry = DELIVERY_TRANSITIONS[state][event];
        if (entry) expect(transitionDelivery(state, event).next).toBe(entry.next);
        else expect(() => transitionDelivery(state, event)).toThrow(DomainError);
      }
    }
  });

  it('only a pending delivery is retried, gives up or is canceled', () => {
    expect(transitionDelivery('pending', 'attempt_failed')).toEqual({ next: 'pending', effects: ['schedule_retry'] });
    expect(transitionDelivery('pending', 'retries_exhausted')).toEqual({ next: 'failed', effects: ['clear_schedule'] });
    expect(transitionDelivery('pending', 'endpoint_disabled').next).toBe('canceled');
    for (const s of ['delivered', 'failed', 'canceled'] as const) {
      expect(() => transitionDelivery(s, 'attempt_failed')).toThrow(/cannot take/);
      expect(() => transitionDelivery(s, 'retries_exhausted')).toThrow(DomainError);
    }
  });

  it('a replay that succeeds delivers from any state; one that fails changes nothing', () => {
    for (const s of DELIVERY_STATES) {
      expect(transitionDelivery(s, 'attempt_succeeded').next).toBe('delivered');
      expect(transitionDelivery(s, 'extra_attempt_failed')).toEqual({ next: s, effects: [] });
    }
  });
});
