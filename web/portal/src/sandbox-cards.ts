/**
 * In test mode the portal's own card form stands in for the payment provider's hosted form: it
 * accepts Stripe's well-known test numbers and sends only the sandbox token they stand for
 * (README: "Test payment methods"), never a card number.
 */
const TEST_CARDS: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '5555555555554444': 'pm_card_mastercard',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '4000000000000069': 'pm_card_chargeDeclinedExpiredCard',
  '4000000000009979': 'pm_card_chargeDeclinedStolenCard',
  '4000000000009987': 'pm_card_chargeDeclinedLostCard',
  '4000000000000119': 'pm_card_chargeDeclinedProcessingError',
  '4000000000000002': 'pm_card_chargeDeclined',
};

export const digitsOf = (text: string) => text.replace(/[\s-]/g, '');

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function sandboxToken(number: string): string | null {
  return TEST_CARDS[digitsOf(number)] ?? null;
}

/** "MM/YY" that is not in the past, by the browser's calendar. */
export function expiryProblem(text: string, today = new Date()): 'invalid' | 'expired' | null {
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(text.trim());
  if (!match) return 'invalid';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'invalid';
  return year < today.getFullYear() || (year === today.getFullYear() && month < today.getMonth() + 1) ? 'expired' : null;
}
