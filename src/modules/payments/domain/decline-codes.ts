/**
 * Sorts gateway decline codes (Stripe's vocabulary) by what dunning should do:
 *   hard    - retrying the same card cannot succeed; ask the customer for another method
 *   expired - the card expired, or the bank wants the client present (Stripe's
 *             authentication_required): ask for updated details through the card-update link
 *   soft    - may succeed later (funds, issuer or network trouble); retry on schedule
 * Unknown codes are soft: a wasted retry costs less than giving up on a good card.
 */
export type DeclineKind = 'hard' | 'soft' | 'expired';

const HARD_DECLINES: ReadonlySet<string> = new Set([
  'card_not_supported',
  'closed_account',
  'currency_not_supported',
  'fraudulent',
  'incorrect_number',
  'invalid_account',
  'invalid_number',
  'lost_card',
  'merchant_blacklist',
  'pickup_card',
  'restricted_card',
  'revocation_of_all_authorizations',
  'revocation_of_authorization',
  'security_violation',
  'stolen_card',
  'stop_payment_order',
]);

export function classifyDecline(code: string): DeclineKind {
  const normalized = code.trim().toLowerCase();
  if (normalized === 'expired_card' || normalized === 'authentication_required') return 'expired';
  return HARD_DECLINES.has(normalized) ? 'hard' : 'soft';
}
