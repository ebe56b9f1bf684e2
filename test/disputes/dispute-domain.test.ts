import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPUTE_EVENTS, DISPUTE_STATES, isOpenDispute, transitionDispute } from '../../src/modules/disputes/domain/dispute.machine.ts';
import { disputableAmount, mergeEvidence, toDisputeReason } from '../../src/modules/disputes/domain/dispute.ts';
import { disputeLostPostings, disputeOpenedPostings, disputeWonPostings, isBalanced } from '../../src/modules/ledger/index.ts';
import { DomainError } from '../../src/platform/errors.ts';

describe('dispute state machine', () => {
  const legal: Record<string, string> = {
    'needs_response/submit_evidence': 'under_review',
    'needs_response/win': 'won',
    'needs_response/lose': 'lost',
    'under_review/win': 'won',
    'under_review/lose': 'lost',
  };

  it.each(DISPUTE_STATES.flatMap((s) => DISPUTE_EVENTS.map((e) => [s, e] as const)))('%s + %s', (state, event) => {
    const expected = legal[`${state}/${event}`];
    if (expected) expect(transitionDispute(state, event).next).toBe(expected);
    else {
      expect(() => transitionDispute(state, event)).toThrow(DomainError);
      expect(() => transitionDispute(state, event)).toThrow(/Cannot .* dispute whose status is/);
    }
  });

  it('moves money only when decided, and always tells the owner the outcome', () => {
    expect(transitionDispute('needs_response', 'submit_evidence').effects).toEqual(['mark_submitted']);
    expect(transitionDispute('under_review', 'win').effects).toEqual(['return_funds', 'notify_owner']);
    expect(transitionDispute('needs_response', 'lose').effects).toEqual(['book_loss', 'notify_owner']);
  });

  it('is open until decided', () => {
    expect(DISPUTE_STATES.filter(isOpenDispute)).toEqual(['needs_response', 'under_review']);
  });
});

describe('dispute arithmetic', () => {
  it('never lets disputes and refunds exceed the payment; won disputes free their amount again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 100_000 }), status: fc.constantFrom(...DISPUTE_STATES) }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (amount, others, refunded) => {
          const payment = { amount, amountRefunded: Math.min(refunded, amount) };
          const left = disputableAmount(payment, others);
          const held = others.filter((d) => d.status !== 'won').reduce((s, d) => s + d.amount, 0);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBe(Math.max(0, amount - payment.amountRefunded - held));
        },
      ),
    );
  });

  it('postings balance for every amount and fee, and open + won (+ fee back) nets to zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, fee) => {
        const open = disputeOpenedPostings('gateway_clearing', amount, fee);
        const won = disputeWonPostings('gateway_clearing', amount, fee);
        expect(isBalanced(open) && isBalanced(won) && isBalanced(disputeLostPostings(amount))).toBe(true);
        const net = new Map<string, number>();
        for (const p of [...open, ...won]) net.set(p.account, (net.get(p.account) ?? 0) + p.amount);
        expect([...net.values()].every((v) => v === 0)).toBe(true);
      }),
    );
  });

  it('evidence updates set, keep and clear fields', () => {
    const file = { filename: 'r.pdf', content_type: 'application/pdf', size: 10 };
    const merged = mergeEvidence({ product_description: 'Yoga', customer_name: 'Ann' }, { customer_name: null, receipt: file, service_date: undefined });
    expect(merged).toEqual({ product_description: 'Yoga', receipt: file });
  });

  it('keeps an unknown network reason as general', () => {
    expect(toDisputeReason('fraudulent')).toBe('fraudulent');
    expect(toDisputeReason('noncompliant')).toBe('general');
  });
});
