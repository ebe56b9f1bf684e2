import { describe, expect, it } from 'vitest';
import { classifyDecline } from './decline-codes.ts';

describe('classifyDecline', () => {
  it('treats cards that can never be charged again as hard declines', () => {
    for (const code of [
      'stolen_card',
      'lost_card',
      'fraudulent',
      'pickup_card',
      'restricted_card',
      'card_not_supported',
      'invalid_account',
      'closed_account',
    ]) {
      expect(classifyDecline(code), code).toBe('hard');
    }
  });

  it('treats an expired card as its own kind', () => {
    expect(classifyDecline('expired_card')).toBe('expired');
  });

  it('treats temporary problems and do_not_honor as soft', () => {
    for (const code of ['insufficient_funds', 'processing_error', 'try_again_later', 'generic_decline', 'do_not_honor']) {
      expect(classifyDecline(code), code).toBe('soft');
    }
  });

  it('treats unknown codes as soft and ignores case and whitespace', () => {
    expect(classifyDecline('some_new_code')).toBe('soft');
    expect(classifyDecline('')).toBe('soft');
    expect(classifyDecline(' Stolen_Card ')).toBe('hard');
    expect(classifyDecline('EXPIRED_CARD')).toBe('expired');
  });
});
