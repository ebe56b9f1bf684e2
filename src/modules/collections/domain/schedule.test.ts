import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type LadderStep } from './ladder.ts';
import { daysOverdue, dueSteps, localDueDateOf, nextWake, overdueInstant, startingOffset, stepInstant } from './schedule.ts';

const steps = DEFAULT_LADDER.steps;
const riga = { localDueDate: '2027-03-26', timeZone: 'Europe/Riga' };

describe('ladder schedule', () => {
  it('runs a step at 09:00 on its local day, across a DST change (Riga moves to summer time on 28 March 2027)', () => {
    expect(stepInstant(riga.localDueDate, -3, riga.timeZone).toISOString()).toBe('2027-03-23T07:00:00.000Z');
    expect(stepInstant(riga.localDueDate, 3, riga.timeZone).toISOString()).toBe('2027-03-29T06:00:00.000Z');
    expect(overdueInstant(riga.localDueDate, riga.timeZone).toISOString()).toBe('2027-03-26T22:00:00.000Z');
    expect(localDueDateOf(new Date('2027-03-26T22:30:00Z'), 'Europe/Riga')).toBe('2027-03-27');
  });

  it('counts days overdue in calendar days of the client', () => {
    expect(daysOverdue(riga.localDueDate, riga.timeZone, new Date('2027-03-26T21:59:00Z'))).toBe(0);
    expect(daysOverdue(riga.localDueDate, riga.timeZone, new Date('2027-03-26T22:00:00Z'))).toBe(1);
    expect(daysOverdue(riga.localDueDate, riga.timeZone, new Date('2027-03-20T12:00:00Z'))).toBe(-6);
  });

  it('skips the steps that passed before the invoice was issued', () => {
    const where = { localDueDate: '2027-03-01', timeZone: 'UTC' };
    expect(startingOffset(steps, where, new Date('2027-03-01T10:00:00Z'))).toBe(0);
    expect(startingOffset(steps, where, new Date('2027-02-20T10:00:00Z'))).toBeNull();
  });

  it('wakes for becoming overdue before the next step when there is no case yet', () => {
    const where = { localDueDate: '2027-03-15', timeZone: 'UTC' };
    expect(nextWake(steps, 0, { ...where, hasCase: false })?.toISOString()).toBe('2027-03-16T00:00:00.000Z');
    expect(nextWake(steps, 0, { ...where, hasCase: true })?.toISOString()).toBe('2027-03-18T09:00:00.000Z');
    expect(nextWake(steps, 30, { ...where, hasCase: true })).toBeNull();
  });

  it('after any gap, runs exactly one step, the latest due, and skips only the ones in between', () => {
    const offsets = fc.uniqueArray(fc.integer({ min: -30, max: 90 }), { minLength: 1, maxLength: 12 }).map((o) => [...o].sort((a, b) => a - b));
    fc.assert(
      fc.property(offsets, fc.integer({ min: -40, max: 100 }), fc.integer({ min: 0, max: 11 }), (sorted, nowDay, lastIndex) => {
        const ladder: LadderStep[] = sorted.map((offset, i) => ({ key: `s${i}`, offset_days: offset, channels: null, template: null, actions: [] }));
        const last = lastIndex < sorted.length ? sorted[lastIndex]! : null;
        const where = { localDueDate: '2027-06-15', timeZone: 'UTC' };
        const now = new Date(stepInstant(where.localDueDate, nowDay, where.timeZone).getTime() + 60_000);
        const { run, skipped } = dueSteps(ladder, last, where, now);
        const due = sorted.filter((o) => (last === null || o > last) && o <= nowDay);
        expect(run?.offset_days ?? null).toBe(due.length ? Math.max(...due) : null);
        expect(skipped.map((s) => s.offset_days)).toEqual(due.slice(0, -1));
      }),
    );
  });
});
