import { unix } from '../../../platform/http/dto.ts';
import type { AgingAmounts, AgingReport } from '../index.ts';
import { AGING_BUCKET_KEYS, formatMajor, neutralizeFormula, toCsv } from '../index.ts';

function amountsDto(a: AgingAmounts) {
  return {
    current: a.current,
    '1_30': a['1_30'],
    '31_60': a['31_60'],
    '61_90': a['61_90'],
    over_90: a.over_90,
    total: a.total,
    unapplied_credit: a.unappliedCredit,
  };
}

export function agingDto(report: AgingReport) {
  return {
    object: 'aging_report' as const,
    as_of: report.asOf,
    time_zone: report.timeZone,
    as_of_end: unix(report.end),
    buckets: [...AGING_BUCKET_KEYS],
    data: report.rows.map((r) => ({
      object: 'aging_row' as const,
      customer: r.customerId,
      customer_name: r.customerName,
      currency: r.currency,
      ...amountsDto(r.amounts),
    })),
    totals: report.totals.map((t) => ({ currency: t.currency, customers: t.customers, ...amountsDto(t.amounts) })),
  };
}

const CSV_HEADER = ['customer', 'customer_name', 'currency', ...AGING_BUCKET_KEYS, 'total', 'unapplied_credit'];

/** One row per customer and currency, then one "Total" row per currency; amounts in major units. */
export function agingCsv(report: AgingReport): string {
  const figures = (a: AgingAmounts, currency: string) =>
    [...AGING_BUCKET_KEYS.map((k) => a[k]), a.total, a.unappliedCredit].map((n) => formatMajor(n, currency));
  return toCsv([
    CSV_HEADER,
    ...report.rows.map((r) => [r.customerId, neutralizeFormula(r.customerName), r.currency, ...figures(r.amounts, r.currency)]),
    ...report.totals.map((t) => ['', 'Total', t.currency, ...figures(t.amounts, t.currency)]),
  ]);
}
