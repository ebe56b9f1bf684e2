/** RFC 4180 CSV and the decimal amounts it carries. */
import { currencyExponent } from '../../../platform/money.ts';

/** A field is quoted when it holds a comma, quote or line break; quotes inside are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records separated by CRLF, as RFC 4180 asks, including after the last one. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/**
 * Free text from customers (names) must not run as a spreadsheet formula when the file is opened:
 * a leading = + - @ tab or carriage return gets a leading apostrophe (OWASP's CSV-injection advice).
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** 123456 usd -> "1234.56"; 500 jpy -> "500"; -5 kwd -> "-0.005". Integer arithmetic, no floats. */
export function formatMajor(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${amount < 0 ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}
