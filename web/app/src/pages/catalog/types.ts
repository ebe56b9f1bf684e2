/** The /v1 catalog shapes the catalog and subscriptions pages read. */
export type Interval = 'day' | 'week' | 'month' | 'year';

export type Product = { id: string; object: 'product'; name: string; description: string | null; active: boolean; created: number };

export type Price = {
  id: string;
  object: 'price';
  product: string;
  currency: string;
  unit_amount: number;
  type: 'recurring' | 'one_time';
  recurring: { interval: Interval; interval_count: number } | null;
  tax_rate: string | null;
  nickname: string | null;
  active: boolean;
  created: number;
};

export type TaxRate = { id: string; object: 'tax_rate'; display_name: string; percentage: number; inclusive: boolean; active: boolean; created: number };

export const INTERVALS: Interval[] = ['day', 'week', 'month', 'year'];
