import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/domain-error.ts';
import {
  isOpenRequest,
  REQUEST_EVENTS,
  REQUEST_STATES,
  REQUEST_TRANSITIONS,
  type RequestEvent,
  type RequestState,
  transitionRequest,
} from './request.machine.ts';

describe('the request state machine', () => {
  it('walks a known client’s request from new to done, and an unknown sender’s through review', () => {
    const events: RequestEvent[] = ['assign', 'start', 'complete'];
    expect(events.reduce<RequestState>((state, event) => transitionRequest(state, event), 'new')).toBe('done');
    expect(transitionRequest(transitionRequest('review', 'accept'), 'assign')).toBe('assigned');
    expect(transitionRequest('review', 'mark_spam')).toBe('spam');
  });

  it('refuses every move the table does not list, with a coded error', () => {
    for (const state of REQUEST_STATES)
      for (const event of REQUEST_EVENTS) {
        if (REQUEST_TRANSITIONS[state][event]) continue;
        expect(() => transitionRequest(state, event)).toThrow(DomainError);
      }
    // Spam is final: nothing brings it back into the client base by accident.
    expect(Object.keys(REQUEST_TRANSITIONS.spam)).toEqual([]);
  });

  it('counts only requests someone still has to deal with as open', () => {
    expect(REQUEST_STATES.filter(isOpenRequest)).toEqual(['accepted', 'new', 'assigned', 'in_progress']);
  });
});
