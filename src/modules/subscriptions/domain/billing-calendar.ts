/**
 * The billing period calendar. Periods start at local midnight in the tenant's IANA
 * time zone, so "the 1st of the month" means the 1st where the business is, across DST
 * changes. Dates are counted from the anchor (never from the previous period), so an
 * anchor on the 31st returns to the 31st after a short month instead of drifting to the 28th.
 * Time zone rules come from the runtime's ICU data via Intl; it never reads the wall clock.
 */

export type LocalDate = { year: number; month: number /* 1-12 */; day: number };
export type Interval = 'day' | 'week' | 'month' | 'year';

const MS_PER_DAY = 86_400_000;

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Hinnant's algorithm). */
function daysFromCivil({ year, month, day }: LocalDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): LocalDate {
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function addDaysLocal(d: LocalDate, days: number): LocalDate {
  return civilFromDays(daysFromCivil(d) + days);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return daysFromCivil(a) - daysFromCivil(b);
}

function assertLocalDate(d: LocalDate): void {
  const ok =
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month);
  if (!ok) throw new RangeError(`invalid local date ${JSON.stringify(d)}`);
}

// Building a DateTimeFormat costs far more than using one; zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock time at `ms` (whole seconds), expressed as if it were a UTC epoch value. */
function wallClockMs(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    if (p.type === 'era') bc = p.value.startsWith('B');
    else if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const days = daysFromCivil({ year, month: fields.month ?? 1, day: fields.day ?? 1 });
  return days * MS_PER_DAY + (((fields.hour ?? 0) * 60 + (fields.minute ?? 0)) * 60 + (fields.second ?? 0)) * 1000;
}

/** UTC offset in ms at an instant. Offsets are whole seconds, so the seconds are dropped first. */
function offsetAt(ms: number, timeZone: string): number {
  const s = Math.floor(ms / 1000) * 1000;
  return wallClockMs(s, timeZone) - s;
}

export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  const ms = instant.getTime();
  return civilFromDays(floorDiv(ms + offsetAt(ms, timeZone), MS_PER_DAY));
}

/**
 * The instant local midnight begins `d`. When midnight repeats (a fall-back ending at
 * 00:00) the first one is taken; when it is skipped (a spring-forward at 00:00, as in
 * Santiago or pre-2019 São Paulo) the day starts at the transition itself. A day that
 * never happened at all (Samoa skipped 2011-12-30) starts where the next day starts.
 */
export function localMidnightToInstant(d: LocalDate, timeZone: string): Date {
  assertLocalDate(d);
  const wall = daysFromCivil(d) * MS_PER_DAY;
  // Offsets around the day cover both sides of any transition near midnight.
  const offsets = [offsetAt(wall - MS_PER_DAY, timeZone), offsetAt(wall, timeZone), offsetAt(wall + MS_PER_DAY, timeZone)];
  const candidates = [...new Set(offsets.map((o) => wall - o))].sort((a, b) => a - b);
  const exact = candidates.find((c) => c + offsetAt(c, timeZone) === wall);
  if (exact !== undefined) return new Date(exact);
  // Midnight skipped: the local clock jumps over `wall`, so find the first instant whose
  // wall clock is at or past it. The earliest candidate is before the jump, the latest after.
  let lo = candidates[0] ?? wall;
  let hi = candidates[candidates.length - 1] ?? wall;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + offsetAt(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

function assertPeriodArgs(anchor: LocalDate, intervalCount: number, index: number): void {
  assertLocalDate(anchor);
  if (!Number.isInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`intervalCount must be a positive integer, got ${intervalCount}`);
  }
  if (!Number.isInteger(index)) throw new RangeError(`index must be an integer, got ${index}`);
}

function clampedDate(year: number, month: number, day: number): LocalDate {
  return { year, month, day: Math.min(day, daysInMonth(year, month)) };
}

/** Start date of period `index` (0 = the anchor's period). */
export function periodStartDate(anchor: LocalDate, interval: Interval, intervalCount: number, index: number): LocalDate {
  assertPeriodArgs(anchor, intervalCount, index);
  const steps = index * intervalCount;
  switch (interval) {
    case 'day':
      return addDaysLocal(anchor, steps);
    case 'week':
      return addDaysLocal(anchor, steps * 7);
    case 'month': {
      const monthIndex = anchor.year * 12 + (anchor.month - 1) + steps;
      return clampedDate(floorDiv(monthIndex, 12), (((monthIndex % 12) + 12) % 12) + 1, anchor.day);
    }
    case 'year':
      return clampedDate(anchor.year + steps, anchor.month, anchor.day);
  }
}

export function periodBounds(anchor: LocalDate, interval: Interval, intervalCount: number, index: number, timeZone: string): { start: Date; end: Date } {
  return {
    start: localMidnightToInstant(periodStartDate(anchor, interval, intervalCount, index), timeZone),
    end: localMidnightToInstant(periodStartDate(anchor, interval, intervalCount, index + 1), timeZone),
  };
}

/** Index of the period containing `instant`, or -1 if it is before the anchor's midnight. */
export function periodIndexAt(anchor: LocalDate, interval: Interval, intervalCount: number, instant: Date, timeZone: string): number {
  assertPeriodArgs(anchor, intervalCount, 0);
  const t = instant.getTime();
  const startOf = (i: number) => localMidnightToInstant(periodStartDate(anchor, interval, intervalCount, i), timeZone).getTime();
  if (t < startOf(0)) return -1;
  // Estimate from the local date, then correct: the estimate can be off by one next to
  // a clamped month end or a skipped midnight.
  const local = toLocalDate(instant, timeZone);
  let units: number;
  switch (interval) {
    case 'day':
      units = compareLocalDates(local, anchor);
      break;
    case 'week':
      units = floorDiv(compareLocalDates(local, anchor), 7);
      break;
    case 'month':
      units = (local.year - anchor.year) * 12 + (local.month - anchor.month);
      break;
    case 'year':
      units = local.year - anchor.year;
      break;
  }
  let i = Math.max(0, floorDiv(units, intervalCount));
  while (i > 0 && startOf(i) > t) i--;
  while (startOf(i + 1) <= t) i++;
  return i;
}
