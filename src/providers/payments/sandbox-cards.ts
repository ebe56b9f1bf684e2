/**
 * The sandbox's test payment methods, named like Stripe's so integrators recognise them.
 * Only the behaviour name travels inside the token; no card number exists anywhere.
 */
export type SandboxBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string }
  | { kind: 'timeout_after_charge' }
  | { kind: 'fail_first'; failures: number }
  // Scripted cards (used by `duly simulate` and the benchmarks), judged on the gateway's clock in UTC:
  | { kind: 'decline_except_days'; code: string; from: number; to: number }
  | { kind: 'decline_from'; code: string; date: string }
  | { kind: 'decline_every_other'; code: string };

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

/** Decline codes a scripted card can be named after, as they appear in its name. */
const SCRIPTED_CODES: Record<string, string> = {
  insufficientFunds: 'insufficient_funds',
  doNotHonor: 'do_not_honor',
  genericDecline: 'generic_decline',
  processingError: 'processing_error',
  expiredCard: 'expired_card',
  stolenCard: 'stolen_card',
  lostCard: 'lost_card',
  fraudulent: 'fraudulent',
};

const SCRIPTED = /^pm_card_([a-z][A-Za-z]*?)(?:ExceptDays(\d{1,2})to(\d{1,2})|From(\d{4})(\d{2})(\d{2})|(EveryOther))$/;

/**
 * Scripted test cards, deterministic so a simulation can be repeated exactly:
 *   pm_card_<code>ExceptDays<D>to<E> - declines with <code> unless the charge falls on day D..E of
 *                                      the month (a customer whose money arrives on payday D)
 *   pm_card_<code>From<YYYYMMDD>     - works until that date, then declines with <code> (a card
 *                                      that expires or is reported stolen)
 *   pm_card_<code>EveryOther         - the 1st, 3rd, 5th... charge declines with <code>, the next
 *                                      succeeds (a transient processing error)
 * <code> is one of the keys of SCRIPTED_CODES, e.g. pm_card_insufficientFundsExceptDays15to16.
 */
function scriptedCard(name: string): SandboxBehaviour | null {
  const match = SCRIPTED.exec(name);
  const code = match ? SCRIPTED_CODES[match[1]!] : undefined;
  if (!match || !code) return null;
  if (match[2] && match[3]) {
    const [from, to] = [Number(match[2]), Number(match[3])];
    return from >= 1 && to <= 31 && from <= to ? { kind: 'decline_except_days', code, from, to } : null;
  }
  if (match[4]) return { kind: 'decline_from', code, date: `${match[4]}-${match[5]}-${match[6]}` };
  return { kind: 'decline_every_other', code };
}

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
  const scripted = scriptedCard(name);
  if (scripted) return { brand: 'visa', last4: '4000', behaviour: scripted };
  const decline = DECLINES[name];
  if (decline) {
    const [last4, code] = decline;
    return { brand: 'visa', last4, behaviour: { kind: 'decline', code } };
  }
  return null;
}

export const SANDBOX_TEST_CARD_NAMES = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_timeoutAfterCharge', 'pm_card_failFirst2', ...Object.keys(DECLINES)];
