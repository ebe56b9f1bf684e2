import { formatDate, formatDateTime, formatMoney } from '@shared/format.ts';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../session.tsx';

/** Money and dates in the reader's language and the business's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const session = useSession();
  const locale = i18n.language;
  const timeZone = session.business.timezone;
  return {
    locale,
    currency: session.business.currency,
    money: (minor: number, currency: string) => formatMoney(minor, currency.toUpperCase(), locale),
    date: (unix: number | null | undefined) => formatDate(unix, locale, timeZone),
    dateTime: (unix: number | null | undefined) => formatDateTime(unix, locale, timeZone),
  };
}

/** The number of decimals a currency's minor unit has (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as the plain number a person would type back into a field ("12.50"). */
export function minorToInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** Today's date (YYYY-MM-DD) in the business's time zone, for date fields. */
export function todayIn(timeZone: string, offsetDays = 0): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
