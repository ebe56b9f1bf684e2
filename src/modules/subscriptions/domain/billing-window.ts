import {
  compareLocalDates,
  daysInMonth,
  type Interval,
  type LocalDate,
  localMidnightToInstant,
  periodBounds,
  periodIndexAt,
  toLocalDate,
} from './billing-calendar.ts';

export type Schedule = { anchor: LocalDate; interval: Interval; intervalCount: number; timeZone: string };

/** What a renewal due at some instant bills: a full period, or the short stub before the anchor. */
export type BillingWindow = { start: Date; end: Date; index: number; stub: boolean };

/** The first date on or after `from` whose day is the anchor day (clamped to short months). */
export function nextAnchorDate(from: LocalDate, anchorDay: number): LocalDate {
  const inMonth = (year: number, month: number): LocalDate => ({ year, month, day: Math.min(anchorDay, daysInMonth(year, month)) });
  const candidate = inMonth(from.year, from.month);
  if (compareLocalDates(candidate, from) >= 0) return candidate;
  return from.month === 12 ? inMonth(from.year + 1, 1) : inMonth(from.year, from.month + 1);
}

export function parseLocalDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/**
 * The window a renewal due at `dueAt` bills. Computed from the due instant, not from "now", so
 * a scheduler that was down for three months bills each missed period exactly once, in order.
 */
export function billingWindowAt(schedule: Schedule, dueAt: Date): BillingWindow {
  const { anchor, interval, intervalCount, timeZone } = schedule;
  const anchorStart = localMidnightToInstant(anchor, timeZone);
  if (dueAt.getTime() < anchorStart.getTime()) {
    const stubStart = localMidnightToInstant(toLocalDate(dueAt, timeZone), timeZone);
    return { start: stubStart, end: anchorStart, index: -1, stub: true };
  }
  const index = periodIndexAt(anchor, interval, intervalCount, dueAt, timeZone);
  const bounds = periodBounds(anchor, interval, intervalCount, index, timeZone);
  return { ...bounds, index, stub: false };
}

/** The full period just before the anchor: the yardstick a stub is prorated against. */
export function periodBeforeAnchor(schedule: Schedule): { start: Date; end: Date } {
  return periodBounds(schedule.anchor, schedule.interval, schedule.intervalCount, -1, schedule.timeZone);
}
