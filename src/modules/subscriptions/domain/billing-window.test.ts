import { describe, expect, it } from 'vitest';
import { billingWindowAt, nextAnchorDate, periodBeforeAnchor, type Schedule } from './billing-window.ts';

describe('billing window', () => {
  const schedule: Schedule = { anchor: { year: 2026, month: 1, day: 31 }, interval: 'month', intervalCount: 1, timeZone: 'Europe/Riga' };

  it('bills a stub from the start day to the anchor when the due time is before it', () => {
    const w = billingWindowAt(schedule, new Date('2026-01-10T13:00:00Z'));
    expect(w.stub).toBe(true);
    expect(w.start.toISOString()).toBe('2026-01-09T22:00:00.000Z'); // Riga midnight, UTC+2
    expect(w.end.toISOString()).toBe('2026-01-30T22:00:00.000Z');
  });

  it('bills full periods from the anchor, clamped in February and back on the 31st in March', () => {
    const feb = billingWindowAt(schedule, new Date('2026-02-27T22:00:00Z'));
    expect(feb.index).toBe(1);
    expect(feb.start.toISOString()).toBe('2026-02-27T22:00:00.000Z');
    expect(feb.end.toISOString()).toBe('2026-03-30T21:00:00.000Z'); // Riga is UTC+3 after the DST change
  });

  it('finds the next anchor date, clamping the day to the month', () => {
    expect(nextAnchorDate({ year: 2026, month: 2, day: 10 }, 31)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(nextAnchorDate({ year: 2026, month: 2, day: 10 }, 5)).toEqual({ year: 2026, month: 3, day: 5 });
    expect(nextAnchorDate({ year: 2026, month: 12, day: 20 }, 15)).toEqual({ year: 2027, month: 1, day: 15 });
    expect(nextAnchorDate({ year: 2026, month: 4, day: 15 }, 15)).toEqual({ year: 2026, month: 4, day: 15 });
  });

  it('measures a stub against the period before the anchor', () => {
    const p = periodBeforeAnchor(schedule);
    expect(p.start.toISOString()).toBe('2025-12-30T22:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-01-30T22:00:00.000Z');
  });
});
