/**
 * The sandbox's test payment methods, named like Stripe's so integrators recognise them.
 * Only the behaviour name travels inside the token; no card number exists anywhere.
 */
export type SandboxBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string }
  | { kind: 'timeout_after_charge' }
  | { kind: 'fail_first'; failures: number };

type TestCard = { brand: string; last4: string; behaviour: SandboxBehaviour };

const DECLINES: Record<string, [last4: string, declineCode: string]> = {
  pm_card_chargeDeclinedInsufficientFunds: ['9995', 'insufficient_funds'],
  pm_card_chargeDeclinedExpiredCard: ['0069', 'expired_card'],
  pm_card_chargeDeclinedStolenCard: ['9979', 'stolen_card'],
  pm_card_chargeDeclinedLostCard: ['9987', 'lost_card'],
  pm_card_chargeDeclinedFraudulent: ['0019', 'fraudulent'],
  pm_card_chargeDeclinedProcessingError: ['0119', 'processing_error'],
  pm_card_chargeDeclined: ['0002', 'generic_decline'],
};

export function sandboxTestCard(name: string): TestCard | null {
  if (name === 'pm_card_visa') return { brand: 'visa', last4: '4242', behaviour: { kind: 'succeed' } };
  if (name === 'pm_card_mastercard') return { brand: 'mastercard', last4: '4444', behaviour: { kind: 'succeed' } };
  if (name === 'pm_card_timeoutAfterCharge') {
    return { brand: 'visa', last4: '0341', behaviour: { kind: 'timeout_after_charge' } };
  }
  const failFirst = /^pm_card_failFirst([1-9])$/.exec(name);
  if (failFirst) {
    return { brand: 'visa', last4: '3155', behaviour: { kind: 'fail_first', failures: Number(failFirst[1]) } };
  }
  const decline = DECLINES[name];
  if (decline) {
    const [last4, code] = decline;
    return { brand: 'visa', last4, behaviour: { kind: 'decline', code } };
  }
  return null;
}

export const SANDBOX_TEST_CARD_NAMES = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_timeoutAfterCharge', 'pm_card_failFirst2', ...Object.keys(DECLINES)];
