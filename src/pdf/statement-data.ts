/** Pure arithmetic behind the customer statement: running balance and aging. Amounts are integer minor units. */

export type StatementEntryKind = 'invoice' | 'payment' | 'credit_note' | 'refund' | 'discount';

export interface StatementEntry {
  date: Date;
  kind: StatementEntryKind;
  /** Document number: INV-0042, a payment or credit note reference. */
  reference: string;
  description?: string | null;
  /** Positive amount of the document; its direction comes from `kind`. */
  amount: number;
}

export interface StatementRow {
  entry: StatementEntry;
  charge: number;
  credit: number;
  balance: number;
}

/** Invoices and refunds (money handed back) raise what the customer owes; payments and credit notes lower it. */
export function balanceEffect(entry: StatementEntry): number {
  return entry.kind === 'invoice' || entry.kind === 'refund' ? entry.amount : -entry.amount;
}

export function statementRows(openingBalance: number, entries: readonly StatementEntry[]): StatementRow[] {
  // Stable sort: documents of the same instant keep the order the caller gave.
  const ordered = [...entries].sort((a, b) => a.date.getTime() - b.date.getTime());
  let balance = openingBalance;
  return ordered.map((entry) => {
    const effect = balanceEffect(entry);
    balance += effect;
    return { entry, charge: Math.max(effect, 0), credit: Math.max(-effect, 0), balance };
  });
}

export interface OpenItem {
  reference: string;
  due_date: Date;
  amount_due: number;
}

export const AGING_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type Aging = Record<AgingBucket | 'total', number>;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of the calendar date `instant` falls on in `timeZone`. */
function localDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

export function daysOverdue(dueDate: Date, asOf: Date, timeZone: string): number {
  return localDay(asOf, timeZone) - localDay(dueDate, timeZone);
}

export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return 'current';
  if (days <= 30) return 'd1_30';
  if (days <= 60) return 'd31_60';
  if (days <= 90) return 'd61_90';
  return 'd90_plus';
}

/** Splits what is still owed by how many calendar days (in the business's time zone) it is past due on `asOf`. */
export function aging(items: readonly OpenItem[], asOf: Date, timeZone: string): Aging {
  const result: Aging = { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0, total: 0 };
  for (const item of items) {
    result[agingBucket(daysOverdue(item.due_date, asOf, timeZone))] += item.amount_due;
    result.total += item.amount_due;
  }
  return result;
}
