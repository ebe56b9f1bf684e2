import { formatDate, formatMoney, resolveLocale, type SupportedLocale, translator } from '../platform/i18n/index.ts';

/** Words and figures of a document, in the client's language: labels from the `pdf` catalogue namespace, money and dates by Intl. */
export interface DocumentText {
  locale: SupportedLocale;
  t(key: string, vars?: Record<string, string | number>): string;
  money(minor: number): string;
  date(date: Date): string;
  /** Compact date for table cells. */
  shortDate(date: Date): string;
  number(value: number): string;
  percent(value: number): string;
}

/** `locale` may be any tag the client gave (vi-VN, an Accept-Language list); unsupported ones fall back to English. */
export function documentText(locale: string, timeZone: string, currency: string): DocumentText {
  const resolved = resolveLocale(locale, 'en');
  const translate = translator(resolved);
  const numbers = new Intl.NumberFormat(resolved, { maximumFractionDigits: 4 });
  const percents = new Intl.NumberFormat(resolved, { style: 'percent', maximumFractionDigits: 2 });
  return {
    locale: resolved,
    t: (key, vars) => translate(`pdf:${key}`, vars),
    money: (minor) => formatMoney(minor, currency, resolved),
    date: (date) => formatDate(date, resolved, timeZone, 'long'),
    shortDate: (date) => formatDate(date, resolved, timeZone, 'short'),
    number: (value) => numbers.format(value),
    percent: (value) => percents.format(value / 100),
  };
}
