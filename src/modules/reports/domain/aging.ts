/**
 * Accounts-receivable aging: what each customer owes, split by how many days past the due date
 * it is at the end of a local day. Pure: the calendar arithmetic comes in through `midnight`.
 */
import { addDaysLocal, type LocalDate } from '../../subscriptions/domain/billing-calendar.ts';

/** The buckets in report order; `maxDays` is the most days past due a bucket holds. */
export const AGING_BUCKETS = [
  { key: 'current', maxDays: 0 },
  { key: '1_30', maxDays: 30 },
  { key: '31_60', maxDays: 60 },
  { key: '61_90', maxDays: 90 },
  { key: 'over_90', maxDays: Number.POSITIVE_INFINITY },
] as const;

export type AgingBucket = (typeof AGING_BUCKETS)[number]['key'];
export const AGING_BUCKET_KEYS: readonly AgingBucket[] = AGING_BUCKETS.map((b) => b.key);

/** Not yet due (or due today) is current; one day late is 1_30; 91 days late is over_90. */
export function bucketForDaysPastDue(days: number): AgingBucket {
  return AGING_BUCKETS.find((b) => days <= b.maxDays)!.key;
}

/**
 * The instants a report as of local day `asOf` needs: `end` (ledger lines before it count) and,
 * per bucket but the last, the earliest due instant it holds. An invoice due at or after
 * `dueFrom[0]` (local midnight of `asOf`) is current; one due before `dueFrom[3]` is over 90 days.
 */
export type AgingWindow = { end: Date; dueFrom: { bucket: AgingBucket; from: Date }[] };

export function agingWindow(asOf: LocalDate, midnight: (d: LocalDate) => Date): AgingWindow {
  return {
    end: midnight(addDaysLocal(asOf, 1)),
    dueFrom: AGING_BUCKETS.filter((b) => Number.isFinite(b.maxDays)).map((b) => ({ bucket: b.key, from: midnight(addDaysLocal(asOf, -b.maxDays)) })),
  };
}

export type AgingAmounts = Record<AgingBucket, number> & { total: number; unappliedCredit: number };

export function emptyAmounts(): AgingAmounts {
  return { current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0, total: 0, unappliedCredit: 0 };
}

export function addAmounts(into: AgingAmounts, add: AgingAmounts): AgingAmounts {
  for (const key of AGING_BUCKET_KEYS) into[key] += add[key];
  into.total += add.total;
  into.unappliedCredit += add.unappliedCredit;
  return into;
}
