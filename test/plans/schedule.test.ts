import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_EVENTS, PLAN_STATES, planStatus, transitionPlan } from '../../src/modules/plans/domain/payment-plan.machine.ts';
import { assertSchedule, dueDates, evenSplit } from '../../src/modules/plans/domain/schedule.ts';
import { DomainError } from '../../src/platform/domain-error.ts';

const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('instalment schedule', () => {
  it('splits evenly with the remainder cents on the first instalment', () => {
    expect(evenSplit(30_000, 3)).toEqual([10_000, 10_000, 10_000]);
    expect(evenSplit(10_000, 3)).toEqual([3_334, 3_333, 3_333]);
    expect(evenSplit(2, 3)).toEqual([2, 0, 0]);
  });

  it('always adds up exactly, and no instalment differs from another by more than the remainder', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: 1, max: 60 }), (total, count) => {
        const parts = evenSplit(total, count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        expect(parts[0]! - parts.at(-1)!).toBeLessThan(count);
        expect(new Set(parts.slice(1)).size).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('puts monthly due dates on the same day, or the last day of a shorter month', () => {
    expect(dueDates(d(2027, 1, 31), 'month', 4)).toEqual([d(2027, 1, 31), d(2027, 2, 28), d(2027, 3, 31), d(2027, 4, 30)]);
    expect(dueDates(d(2027, 12, 28), 'week', 2)).toEqual([d(2027, 12, 28), d(2028, 1, 4)]);
  });

  it('refuses schedules that do not add up, are in the past or out of order', () => {
    const today = d(2027, 5, 4);
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return null;
    };
    expect(code(() => assertSchedule([{ amount: 100, dueDate: today }], 100, today))).toBeNull();
    expect(code(() => assertSchedule([{ amount: 99, dueDate: today }], 100, today))).toBe('plan_amounts_mismatch');
    expect(code(() => assertSchedule([{ amount: 100, dueDate: d(2027, 5, 3) }], 100, today))).toBe('parameter_invalid');
    expect(
      code(() =>
        assertSchedule(
          [
            { amount: 50, dueDate: d(2027, 6, 1) },
            { amount: 50, dueDate: d(2027, 5, 20) },
          ],
          100,
          today,
        ),
      ),
    ).toBe('parameter_invalid');
    expect(
      code(() =>
        assertSchedule(
          [
            { amount: 101, dueDate: today },
            { amount: -1, dueDate: today },
          ],
          100,
          today,
        ),
      ),
    ).toBe('parameter_invalid');
  });
});

describe('payment plan machine', () => {
  it('allows exactly complete and cancel from active', () => {
    for (const state of PLAN_STATES) {
      for (const event of PLAN_EVENTS) {
        if (state === 'active') expect(transitionPlan(state, event).next).toBe(event === 'cancel' ? 'canceled' : 'completed');
        else expect(() => transitionPlan(state, event)).toThrow(DomainError);
      }
    }
    expect(transitionPlan('active', 'cancel').effects).toEqual(['move_remainder']);
  });

  it('reads completion off the instalments', () => {
    expect(planStatus('active', ['paid', 'paid'])).toBe('completed');
    expect(planStatus('active', ['paid', 'open'])).toBe('active');
    expect(planStatus('active', ['paid', 'uncollectible'])).toBe('active');
    expect(planStatus('canceled', ['paid', 'paid'])).toBe('canceled');
    expect(planStatus('active', [])).toBe('active');
  });
});
