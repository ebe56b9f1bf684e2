import { describe, expect, it } from 'vitest';
import { CASE_STATES, CASE_TRANSITIONS, transitionCase } from './case.machine.ts';
import { DUNNING_EVENTS, DUNNING_STATES, transitionDunning } from './dunning.machine.ts';
import { DEFAULT_LADDER, validateLadder } from './ladder.ts';

describe('ladder validation', () => {
  it('accepts the default ladder', () => {
    expect(() => validateLadder(DEFAULT_LADDER.steps)).not.toThrow();
  });

  it('names the offending parameter', () => {
    const bad = [...DEFAULT_LADDER.steps.slice(0, 2), { ...DEFAULT_LADDER.steps[2]!, offset_days: 0 }];
    expect(() => validateLadder(bad)).toThrow(expect.objectContaining({ code: 'reminder_ladder_invalid', param: 'steps[2][offset_days]' }));
  });
});

describe('state machines', () => {
  it('a closed invoice or case takes no event at all', () => {
    for (const event of DUNNING_EVENTS) expect(() => transitionDunning('closed', event)).toThrow(expect.objectContaining({ code: 'invalid_state_transition' }));
    expect(CASE_TRANSITIONS.closed).toEqual({});
  });

  it('every dunning state but closed can be settled, and hand-off is final but for settling', () => {
    for (const state of DUNNING_STATES.filter((s) => s !== 'closed')) expect(transitionDunning(state, 'settle')).toBe('closed');
    expect(() => transitionDunning('handed_off', 'dispute_closed')).toThrow();
    expect(() => transitionDunning('handed_off', 'ladder_changed')).toThrow();
  });

  it('a case goes open -> in_collections -> closed', () => {
    expect(CASE_STATES).toEqual(['open', 'in_collections', 'closed']);
    expect(transitionCase('open', 'hand_off')).toBe('in_collections');
    expect(transitionCase('in_collections', 'settle')).toBe('closed');
    expect(() => transitionCase('closed', 'hand_off')).toThrow();
  });
});
