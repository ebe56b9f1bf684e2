import { currencyExponent, type Minor } from '../money.ts';
import type { SupportedLocale } from './locale.ts';

// Building an Intl formatter costs far more than using one; a batch of 10,000 emails reuses a
// handful, keyed by their options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(cacheKey, format);
  }
  return format;
}

/**
 * Integer minor units as the locale writes money: 150000 vnd in vi -> "150.000 ₫", 150050 usd
 * in en -> "$1,500.50". The number of decimals comes from Duly's ISO 4217 table, not from
 * CLDR, so the printed amount always matches the stored one.
 */
export function formatMoney(minor: Minor, currency: string, locale: SupportedLocale): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount must be integer minor units, got ${minor}`);
  const digits = currencyExponent(currency);
  // Amounts up to MAX_AMOUNT have at most 11 significant digits, far inside double precision,
  // so dividing and letting Intl round to `digits` decimals reproduces the stored value.
  return numberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

/** A plain number in the locale's digits and separators (e.g. "1 234,5" in lv). */
export function formatNumber(value: number, locale: SupportedLocale, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

/**
 * The calendar day of an instant in a time zone: 'long' spells the month ("5 March 2026"
 * style), 'short' is all digits with a four-digit year. Thai uses the Buddhist era (2569),
 * as CLDR and Thai invoices do.
 */
export function formatDate(date: Date, locale: SupportedLocale, timeZone: string, style: 'long' | 'short' = 'long'): string {
  const cacheKey = `${locale}|${timeZone}|${style}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'long' ? { dateStyle: 'long', timeZone } : { year: 'numeric', month: '2-digit', day: '2-digit', timeZone };
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(cacheKey, format);
  }
  return format.format(date);
}
