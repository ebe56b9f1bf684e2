/** Money is integer minor units on the wire; the browser shows it in the reader's language. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** Parses what a person typed ("12.50", "12,50") into minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return null;
  const [whole, fraction = ''] = normalised.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Unix seconds (the API's timestamps) to a date in the reader's language and the business's zone. */
export function formatDate(unixSeconds: number | null | undefined, locale: string, timeZone?: string): string {
  if (unixSeconds === null || unixSeconds === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(unixSeconds * 1000));
}

export function formatDateTime(unixSeconds: number | null | undefined, locale: string, timeZone?: string): string {
  if (unixSeconds === null || unixSeconds === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(unixSeconds * 1000));
}
