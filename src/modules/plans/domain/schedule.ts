/**
 * Instalment schedules: amounts in integer minor units that add up exactly to what moved into
 * the plan, and local calendar due dates (a 31st falls on the last day of shorter months).
 */
import { DomainError } from '../../../platform/domain-error.ts';
// Straight to the pure calendar file: subscriptions' index.ts also exports ORM-backed use cases.
import { compareLocalDates, type LocalDate, periodStartDate } from '../../subscriptions/domain/billing-calendar.ts';

export const MAX_INSTALMENTS = 60;

export type Instalment = { amount: number; dueDate: LocalDate };

/** `total` split into `count` equal parts; the cents that do not divide go on the first. */
export function evenSplit(total: number, count: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => (i === 0 ? total - base * (count - 1) : base));
}

/** `count` due dates, one `interval` apart, starting on `first`. */
export function dueDates(first: LocalDate, interval: 'week' | 'month', count: number): LocalDate[] {
  return Array.from({ length: count }, (_, i) => periodStartDate(first, interval, 1, i));
}

/**
 * Checks an explicit schedule: positive amounts that sum exactly to `total`, due dates not
 * before `today` and in order. Throws a coded error naming the parameter.
 */
export function assertSchedule(instalments: readonly Instalment[], total: number, today: LocalDate): void {
  if (instalments.length === 0 || instalments.length > MAX_INSTALMENTS) {
    throw new DomainError('parameter_invalid', `A plan has 1 to ${MAX_INSTALMENTS} instalments.`, 'instalments');
  }
  const sum = instalments.reduce((s, i) => s + i.amount, 0);
  if (sum !== total) {
    throw new DomainError('plan_amounts_mismatch', `The instalments add up to ${sum}, but ${total} is being moved into the plan.`, 'instalments');
  }
  for (const [i, instalment] of instalments.entries()) {
    if (!Number.isSafeInteger(instalment.amount) || instalment.amount < 1) {
      throw new DomainError('parameter_invalid', 'Each instalment must be a positive amount.', `instalments[${i}][amount]`);
    }
    if (compareLocalDates(instalment.dueDate, today) < 0) {
      throw new DomainError('parameter_invalid', 'A due date cannot be in the past.', `instalments[${i}][due_date]`);
    }
    if (i > 0 && compareLocalDates(instalment.dueDate, instalments[i - 1]!.dueDate) < 0) {
      throw new DomainError('parameter_invalid', 'Instalments must be in due-date order.', `instalments[${i}][due_date]`);
    }
  }
}
