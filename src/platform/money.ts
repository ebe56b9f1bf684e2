/**
 * Money arithmetic. Amounts are integer minor units (cents, yen, fils) paired with a
 * lowercase ISO 4217 currency code stored elsewhere. Every division that can leave a
 * remainder goes through `roundHalfUp`, so the whole system rounds one way.
 */

/** Integer minor units. Kept well within 2^53; intermediate products use bigint. */
export type Minor = number;

/** The largest amount one figure may hold (Stripe's limit too): far inside exact integer range. */
export const MAX_AMOUNT = 99_999_999_999;

/**
 * Minor-unit digits that differ from the default of 2 (ISO 4217). A table rather than
 * Intl.NumberFormat because CLDR display digits differ from ISO for some currencies
 * (CLDR shows IDR, HUF and PKR with 0 digits; ISO and card networks use 2), and stored
 * amounts must not change meaning when the runtime's ICU data changes.
 */
const EXPONENT_OVERRIDES: Readonly<Record<string, number>> = {
  bif: 0,
  clp: 0,
  djf: 0,
  gnf: 0,
  isk: 0,
  jpy: 0,
  kmf: 0,
  krw: 0,
  pyg: 0,
  rwf: 0,
  ugx: 0,
  uyi: 0,
  vnd: 0,
  vuv: 0,
  xaf: 0,
  xof: 0,
  xpf: 0,
  bhd: 3,
  iqd: 3,
  jod: 3,
  kwd: 3,
  lyd: 3,
  omr: 3,
  tnd: 3,
  clf: 4,
  uyw: 4,
};

/** Number of minor-unit digits for a currency code (any case): 2 unless listed above. */
export function currencyExponent(currency: string): number {
  return EXPONENT_OVERRIDES[currency.toLowerCase()] ?? 2;
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** True if the code (any case, e.g. "usd") is a currency the runtime's ICU knows. */
export function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[a-z]{3}$/i.test(code) && knownCurrencies.has(code.toUpperCase());
}

function toBigInt(value: bigint | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  }
  return BigInt(value);
}

/**
 * numerator / denominator rounded to the nearest integer, ties away from zero
 * (so -2.5 -> -3 and 2.5 -> 3: a credit mirrors the charge it reverses exactly).
 * Integer arithmetic only; the result must fit in a safe integer.
 */
export function roundHalfUp(numerator: bigint | number, denominator: bigint | number): number {
  let n = toBigInt(numerator, 'numerator');
  let d = toBigInt(denominator, 'denominator');
  if (d === 0n) throw new RangeError('denominator must not be zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('result exceeds safe integer range');
  return result;
}

/** `amount * percent`, where percentMilli is percent * 1000 (7.5% = 7500). */
export function percentOf(amount: Minor, percentMilli: number): Minor {
  return roundHalfUp(toBigInt(amount, 'amount') * toBigInt(percentMilli, 'percentMilli'), 100_000n);
}

/**
 * Splits `total` into parts proportional to non-negative `weights` that sum exactly to
 * `total` (largest-remainder method; ties go to the earlier weight so the result is
 * deterministic). A negative total is split like its absolute value, then negated.
 */
export function allocateProportionally(total: Minor, weights: Minor[]): Minor[] {
  const t = toBigInt(total, 'total');
  const w = weights.map((x, i) => toBigInt(x, `weights[${i}]`));
  if (w.some((x) => x < 0n)) throw new RangeError('weights must be non-negative');
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (t === 0n) return weights.map(() => 0);
    throw new RangeError('cannot allocate a non-zero total over zero weights');
  }
  const negative = t < 0n;
  const abs = negative ? -t : t;
  const parts = w.map((x) => (abs * x) / sum);
  const remainders = w.map((x, i) => ({ i, r: (abs * x) % sum }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  // Largest remainder first; stable sort keeps earlier indices first on ties.
  remainders.sort((a, b) => (a.r === b.r ? 0 : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => (negative ? Number(-p) : Number(p)));
}
