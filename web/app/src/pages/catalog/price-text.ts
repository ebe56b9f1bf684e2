import { useTranslation } from 'react-i18next';
import { useFormat } from '../customers/shared/format.ts';
import type { Interval, Price, TaxRate } from './types.ts';

/** "€49.00 per month", "€120.00 every 3 months", "€15.00 one-time" in the reader's language. */
export function usePriceText() {
  const { t } = useTranslation('app-billing');
  const format = useFormat();
  const cadence = (interval: Interval, count: number) => t(`every.${interval}`, { count });
  return {
    cadence,
    amount: (price: Pick<Price, 'unit_amount' | 'currency'>) => format.money(price.unit_amount, price.currency),
    full: (price: Pick<Price, 'unit_amount' | 'currency' | 'recurring'>) =>
      `${format.money(price.unit_amount, price.currency)} ${price.recurring ? cadence(price.recurring.interval, price.recurring.interval_count) : t('price.one_time')}`,
    taxRate: (rate: Pick<TaxRate, 'display_name' | 'percentage' | 'inclusive'>) => {
      const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 3 }).format(rate.percentage / 100);
      // "VAT 21%" already says its rate; "VAT" does not.
      const name = rate.display_name.includes(String(rate.percentage)) ? rate.display_name : `${rate.display_name} ${percent}`;
      return `${name} (${t(rate.inclusive ? 'tax.inclusive' : 'tax.exclusive')})`;
    },
  };
}
