import { describe, expect, it } from 'vitest';
import { classifyDecline } from '../../src/modules/payments/index.ts';
import { declineCodeOf } from '../../src/providers/payments/stripe-gateway.ts';

// Stripe card errors as its API returns them (code, decline_code), and what dunning does with each.
const CASES: [error: { code?: string; decline_code?: string }, ourCode: string, kind: 'hard' | 'soft' | 'expired'][] = [
  [{ code: 'card_declined', decline_code: 'insufficient_funds' }, 'insufficient_funds', 'soft'],
  [{ code: 'card_declined', decline_code: 'stolen_card' }, 'stolen_card', 'hard'],
  [{ code: 'card_declined', decline_code: 'lost_card' }, 'lost_card', 'hard'],
  [{ code: 'card_declined', decline_code: 'fraudulent' }, 'fraudulent', 'hard'],
  [{ code: 'card_declined', decline_code: 'do_not_honor' }, 'do_not_honor', 'soft'],
  [{ code: 'card_declined' }, 'generic_decline', 'soft'],
  [{ code: 'expired_card' }, 'expired_card', 'expired'],
  [{ code: 'expired_card', decline_code: 'expired_card' }, 'expired_card', 'expired'],
  [{ code: 'processing_error' }, 'processing_error', 'soft'],
  [{ code: 'authentication_required', decline_code: 'authentication_required' }, 'authentication_required', 'expired'],
  [{}, 'generic_decline', 'soft'],
];

describe('Stripe decline codes onto our decline kinds', () => {
  it.each(CASES)('%o -> %s (%s)', (error, ourCode, kind) => {
    expect(declineCodeOf(error)).toBe(ourCode);
    expect(classifyDecline(declineCodeOf(error))).toBe(kind);
  });
});
