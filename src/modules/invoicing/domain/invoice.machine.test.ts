import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/domain-error.ts';
import { INVOICE_EVENTS, INVOICE_STATES, type InvoiceEvent, type InvoiceState, transition } from './invoice.machine.ts';

// Expected outcome for every (state, event) pair, written out independently of the table.
const EXPECTED: Record<InvoiceState, Record<InvoiceEvent, [InvoiceState, string[]] | 'illegal'>> = {
  draft: {
    finalize: ['open', ['assign_number', 'post_ledger']],
    pay: 'illegal',
    void: 'illegal',
    mark_uncollectible: 'illegal',
  },
  open: {
    finalize: 'illegal',
    pay: ['paid', ['post_ledger']],
    void: ['void', ['post_ledger']],
    mark_uncollectible: ['uncollectible', ['post_ledger']],
  },
  paid: { finalize: 'illegal', pay: 'illegal', void: 'illegal', mark_uncollectible: 'illegal' },
  void: { finalize: 'illegal', pay: 'illegal', void: 'illegal', mark_uncollectible: 'illegal' },
  uncollectible: {
    finalize: 'illegal',
    pay: ['paid', ['post_ledger']],
    void: ['void', ['post_ledger']],
    mark_uncollectible: 'illegal',
  },
};

describe('invoice machine', () => {
  it('covers exactly the expected states and events', () => {
    expect([...INVOICE_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...INVOICE_EVENTS].sort()).toEqual(Object.keys(EXPECTED.draft).sort());
  });

  for (const state of INVOICE_STATES) {
    for (const event of INVOICE_EVENTS) {
      const expected = EXPECTED[state][event];
      it(`${state} + ${event} -> ${expected === 'illegal' ? 'illegal' : expected[0]}`, () => {
        if (expected === 'illegal') {
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

  it('tells the user to delete a draft instead of voiding it', () => {
    expect(() => transition('draft', 'void')).toThrow(/Delete the draft/);
  });

  it('does not let callers change the table through returned effects', () => {
    transition('draft', 'finalize').effects.push('post_ledger');
    expect(transition('draft', 'finalize').effects).toEqual(['assign_number', 'post_ledger']);
  });
});
