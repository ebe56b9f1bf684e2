import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDaysLocal,
  daysInMonth,
  type Interval,
  type LocalDate,
  localMidnightToInstant,
  periodBounds,
  periodIndexAt,
  periodStartDate,
  toLocalDate,
} from './billing-calendar.ts';

const ZONES = ['Asia/Bangkok', 'Europe/Riga', 'America/New_York', 'UTC', 'Australia/Lord_Howe'] as const;
const HOUR = 3_600_000;

// An oracle independent of the module: Intl's own rendering of the local wall clock.
const wallFormatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: Date | number, timeZone: string): string {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
    wallFormatters.set(timeZone, f);
  }
  return f.format(instant);
}
const iso = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const ld = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

const arbZone = fc.constantFrom(...ZONES);
const arbAnchor = fc
  .record({ year: fc.integer({ min: 2024, max: 2033 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => ld(year, month, Math.min(day, daysInMonth(year, month))));
const arbPlan = fc.oneof(
  fc.record({ interval: fc.constant<Interval>('day'), count: fc.integer({ min: 1, max: 45 }) }),
  fc.record({ interval: fc.constant<Interval>('week'), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ interval: fc.constant<Interval>('month'), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ interval: fc.constant<Interval>('year'), count: fc.integer({ min: 1, max: 2 }) }),
);
// Keeps every generated period inside the ten years under test.
const maxIndex = (interval: Interval, count: number) => Math.max(1, Math.floor(({ day: 3650, week: 520, month: 120, year: 10 } as const)[interval] / count));

describe('calendar arithmetic', () => {
  it('knows month lengths and leap years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('adds days across month and year ends', () => {
    expect(addDaysLocal(ld(2024, 2, 28), 1)).toEqual(ld(2024, 2, 29));
    expect(addDaysLocal(ld(2025, 2, 28), 1)).toEqual(ld(2025, 3, 1));
    expect(addDaysLocal(ld(2026, 12, 31), 1)).toEqual(ld(2027, 1, 1));
    expect(addDaysLocal(ld(2027, 1, 1), -1)).toEqual(ld(2026, 12, 31));
    expect(addDaysLocal(ld(2024, 1, 1), 366)).toEqual(ld(2025, 1, 1));
  });

  it('agrees with Date.UTC for any day offset', () => {
    fc.assert(
      fc.property(arbAnchor, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        const ref = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
        expect(addDaysLocal(d, n)).toEqual(ld(ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate()));
      }),
    );
  });
});

describe('toLocalDate / localMidnightToInstant', () => {
  it('reads the date in the given zone', () => {
    const t = new Date(Date.UTC(2026, 2, 8, 4, 59, 59));
    expect(toLocalDate(t, 'America/New_York')).toEqual(ld(2026, 3, 7));
    expect(toLocalDate(new Date(t.getTime() + 1000), 'America/New_York')).toEqual(ld(2026, 3, 8));
    expect(toLocalDate(new Date(Date.UTC(2026, 0, 31, 17)), 'Asia/Bangkok')).toEqual(ld(2026, 2, 1));
    expect(toLocalDate(new Date(Date.UTC(2026, 0, 31, 17)), 'UTC')).toEqual(ld(2026, 1, 31));
  });

  it('finds local midnight across DST', () => {
    expect(localMidnightToInstant(ld(2026, 3, 8), 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnightToInstant(ld(2026, 3, 9), 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localMidnightToInstant(ld(2026, 7, 1), 'Europe/Riga').toISOString()).toBe('2026-06-30T21:00:00.000Z');
    expect(localMidnightToInstant(ld(2026, 10, 4), 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T13:30:00.000Z');
  });

  it('starts a day whose midnight was skipped at the transition', () => {
    // São Paulo sprang from 00:00 to 01:00 on 2018-11-04; Santiago does so on 2026-09-06.
    expect(localMidnightToInstant(ld(2018, 11, 4), 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(localMidnightToInstant(ld(2026, 9, 6), 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    // Samoa skipped 2011-12-30 entirely: it is an empty day at the start of the 31st.
    expect(localMidnightToInstant(ld(2011, 12, 30), 'Pacific/Apia')).toEqual(localMidnightToInstant(ld(2011, 12, 31), 'Pacific/Apia'));
  });

  it('takes the first of two midnights when the clock falls back to 00:00', () => {
    // Havana falls back from 01:00 to 00:00 on 2026-11-01.
    expect(localMidnightToInstant(ld(2026, 11, 1), 'America/Havana').toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  it('rejects dates that do not exist', () => {
    expect(() => localMidnightToInstant(ld(2026, 2, 29), 'UTC')).toThrow(RangeError);
    expect(() => localMidnightToInstant(ld(2026, 13, 1), 'UTC')).toThrow(RangeError);
    expect(() => localMidnightToInstant(ld(2026, 1, 0), 'UTC')).toThrow(RangeError);
  });
});

describe('periodStartDate', () => {
  it('keeps a month-end anchor on the month end without drifting', () => {
    const starts = [0, 1, 2, 3, 4, 12, 13].map((i) => iso(periodStartDate(ld(2026, 1, 31), 'month', 1, i)));
    expect(starts).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2027-01-31', '2027-02-28']);
    expect(iso(periodStartDate(ld(2024, 1, 31), 'month', 1, 1))).toBe('2024-02-29');
  });

  it('returns a Feb 29 yearly anchor to Feb 29 in leap years', () => {
    const starts = [0, 1, 2, 3, 4, 8].map((i) => iso(periodStartDate(ld(2024, 2, 29), 'year', 1, i)));
    expect(starts).toEqual(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29', '2032-02-29']);
  });

  it('counts quarterly, weekly and daily periods from the anchor', () => {
    expect(iso(periodStartDate(ld(2025, 11, 30), 'month', 3, 1))).toBe('2026-02-28');
    expect(iso(periodStartDate(ld(2025, 11, 30), 'month', 3, 2))).toBe('2026-05-30');
    expect(iso(periodStartDate(ld(2026, 12, 28), 'week', 2, 1))).toBe('2027-01-11');
    expect(iso(periodStartDate(ld(2026, 2, 27), 'day', 3, 1))).toBe('2026-03-02');
    expect(iso(periodStartDate(ld(2026, 3, 31), 'month', 1, -1))).toBe('2026-02-28');
  });

  it('rejects bad arguments', () => {
    expect(() => periodStartDate(ld(2026, 1, 1), 'month', 0, 1)).toThrow(RangeError);
    expect(() => periodStartDate(ld(2026, 1, 1), 'month', 1, 0.5)).toThrow(RangeError);
    expect(() => periodStartDate(ld(2026, 2, 30), 'month', 1, 1)).toThrow(RangeError);
  });

  it('starts monthly periods on min(anchor day, days in month)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2024, max: 2033 }),
        fc.constantFrom(1, 3, 5, 7, 8, 10, 12),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 119 }),
        (year, month, day, i) => {
          const s = periodStartDate(ld(year, month, day), 'month', 1, i);
          const monthIndex = year * 12 + month - 1 + i;
          expect(s.year).toBe(Math.floor(monthIndex / 12));
          expect(s.month).toBe((monthIndex % 12) + 1);
          expect(s.day).toBe(Math.min(day, daysInMonth(s.year, s.month)));
        },
      ),
    );
  });
});

describe('periodBounds', () => {
  it('gives Riga monthly periods from Jan 31 2026 at local midnight across the DST change', () => {
    const b = [0, 1, 2, 3].map((i) => periodBounds(ld(2026, 1, 31), 'month', 1, i, 'Europe/Riga'));
    expect(b.map((p) => p.start.toISOString())).toEqual([
      '2026-01-30T22:00:00.000Z',
      '2026-02-27T22:00:00.000Z',
      '2026-03-30T21:00:00.000Z', // summer time (UTC+3) began on 29 March
      '2026-04-29T21:00:00.000Z',
    ]);
    expect(b.map((p) => wallClock(p.start, 'Europe/Riga'))).toEqual([
      '2026-01-31 00:00:00',
      '2026-02-28 00:00:00',
      '2026-03-31 00:00:00',
      '2026-04-30 00:00:00',
    ]);
    expect(b[0]?.end).toEqual(b[1]?.start);
  });

  it('makes New York DST days 23 and 25 hours long', () => {
    const anchor = ld(2026, 1, 1);
    const length = (day: LocalDate) => {
      const i = periodIndexAt(anchor, 'day', 1, localMidnightToInstant(day, 'America/New_York'), 'America/New_York');
      const { start, end } = periodBounds(anchor, 'day', 1, i, 'America/New_York');
      return (end.getTime() - start.getTime()) / HOUR;
    };
    expect(length(ld(2026, 3, 7))).toBe(24);
    expect(length(ld(2026, 3, 8))).toBe(23);
    expect(length(ld(2026, 11, 1))).toBe(25);
    expect(length(ld(2026, 11, 2))).toBe(24);
  });

  it('makes Lord Howe DST days 23.5 and 24.5 hours long', () => {
    const day = (d: LocalDate) => periodBounds(d, 'day', 1, 0, 'Australia/Lord_Howe');
    const hours = ({ start, end }: { start: Date; end: Date }) => (end.getTime() - start.getTime()) / HOUR;
    expect(hours(day(ld(2026, 4, 5)))).toBe(24.5);
    expect(hours(day(ld(2026, 10, 4)))).toBe(23.5);
  });

  it('produces contiguous, increasing periods that start at local midnight', () => {
    fc.assert(
      fc.property(arbZone, arbAnchor, arbPlan, fc.double({ min: 0, max: 1, noNaN: true }), (zone, anchor, plan, f) => {
        const i = Math.floor(f * (maxIndex(plan.interval, plan.count) - 1));
        const a = periodBounds(anchor, plan.interval, plan.count, i, zone);
        const b = periodBounds(anchor, plan.interval, plan.count, i + 1, zone);
        expect(a.end).toEqual(b.start);
        expect(a.start.getTime()).toBeLessThan(a.end.getTime());
        expect(b.start.getTime()).toBeLessThan(b.end.getTime());
        const startDate = periodStartDate(anchor, plan.interval, plan.count, i);
        // None of these zones skips midnight, so every start reads exactly 00:00:00 locally
        // and the millisecond before it is still the previous day.
        expect(wallClock(a.start, zone)).toBe(`${iso(startDate)} 00:00:00`);
        expect(wallClock(a.start.getTime() - 1, zone)).toBe(`${iso(addDaysLocal(startDate, -1))} 23:59:59`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('periodIndexAt', () => {
  it('returns -1 before the anchor and 0 from its local midnight', () => {
    const anchor = ld(2026, 1, 31);
    const start = localMidnightToInstant(anchor, 'Asia/Bangkok');
    expect(periodIndexAt(anchor, 'month', 1, new Date(start.getTime() - 1), 'Asia/Bangkok')).toBe(-1);
    expect(periodIndexAt(anchor, 'month', 1, start, 'Asia/Bangkok')).toBe(0);
    expect(periodIndexAt(anchor, 'month', 1, new Date(Date.UTC(2026, 1, 27, 16, 59, 59)), 'Asia/Bangkok')).toBe(0);
    expect(periodIndexAt(anchor, 'month', 1, new Date(Date.UTC(2026, 1, 27, 17)), 'Asia/Bangkok')).toBe(1);
  });

  it('skips the empty period of a day that never happened', () => {
    const i = periodIndexAt(ld(2011, 12, 29), 'day', 1, new Date(Date.UTC(2011, 11, 30, 10)), 'Pacific/Apia');
    expect(i).toBe(2);
  });

  it('maps each period start and the millisecond before its end back to the period', () => {
    fc.assert(
      fc.property(arbZone, arbAnchor, arbPlan, fc.double({ min: 0, max: 1, noNaN: true }), (zone, anchor, plan, f) => {
        const i = Math.floor(f * (maxIndex(plan.interval, plan.count) - 1));
        const { start, end } = periodBounds(anchor, plan.interval, plan.count, i, zone);
        expect(periodIndexAt(anchor, plan.interval, plan.count, start, zone)).toBe(i);
        expect(periodIndexAt(anchor, plan.interval, plan.count, new Date(end.getTime() - 1), zone)).toBe(i);
        expect(periodIndexAt(anchor, plan.interval, plan.count, end, zone)).toBe(i + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('finds the period containing any instant in the ten years', () => {
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2034, 0, 1);
    fc.assert(
      fc.property(arbZone, arbAnchor, arbPlan, fc.integer({ min: from, max: to }), (zone, anchor, plan, t) => {
        const instant = new Date(t);
        const i = periodIndexAt(anchor, plan.interval, plan.count, instant, zone);
        if (i === -1) {
          expect(t).toBeLessThan(localMidnightToInstant(anchor, zone).getTime());
          return;
        }
        const { start, end } = periodBounds(anchor, plan.interval, plan.count, i, zone);
        expect(start.getTime()).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(end.getTime());
      }),
      { numRuns: 500 },
    );
  });
});
