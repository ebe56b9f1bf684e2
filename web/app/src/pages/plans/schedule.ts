/** Client-side helpers for the instalments editor; the server checks the same rules again. */

/** `total` in `count` equal parts, the indivisible remainder on the first (as the server splits). */
export function evenSplit(total: number, count: number): number[] {
  if (count < 1 || total < 0) return [];
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => (i === 0 ? total - base * (count - 1) : base));
}

/** YYYY-MM-DD plus n weeks or months; the 31st falls on the last day of a shorter month. */
export function addInterval(date: string, interval: 'week' | 'month', n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (interval === 'week') return new Date(Date.UTC(y, m - 1, d + 7 * n)).toISOString().slice(0, 10);
  const monthIndex = m - 1 + n;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
