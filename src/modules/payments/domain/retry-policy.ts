import { addDaysLocal, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import type { DeclineKind } from './decline-codes.ts';

/** A business's retry policy (B6): how many retries, over how long. */
export type RetryPolicy = { maxRetries: number; windowDays: number };
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, windowDays: 21 };

/** Codes that mean "the network or issuer hiccuped": worth trying again within hours. */
const TRANSIENT = new Set(['processing_error', 'try_again_later', 'issuer_not_available', 'reenter_transaction']);

/** Days after a soft decline before the next try; paydays pull each try a little. */
const SOFT_GAPS_DAYS = [3, 5, 7, 6];
const PAYDAY_PULL_DAYS = 2;
const HOUR_MS = 3_600_000;

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'await_new_card' } | { kind: 'give_up' };

/**
 * When to charge a declined invoice again, from the decline itself: a hard decline (stolen,
 * lost, fraud, closed) is never retried; an expired card waits for a new one; a transient error
 * is retried within hours; insufficient funds and other soft declines are retried days apart,
 * moved to the 1st or 15th of the month (common paydays) when one is within two days, and only
 * while retries and the window last.
 */
export function decideRetry(input: {
  declineKind: DeclineKind;
  declineCode: string;
  failedAttempts: number;
  firstFailureAt: Date;
  now: Date;
  timeZone: string;
  policy?: RetryPolicy;
}): RetryDecision {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (input.declineKind === 'hard') return { kind: 'give_up' };
  if (input.declineKind === 'expired') return { kind: 'await_new_card' };
  if (input.failedAttempts > policy.maxRetries) return { kind: 'give_up' };
  const deadline = input.firstFailureAt.getTime() + policy.windowDays * 24 * HOUR_MS;
  const at = TRANSIENT.has(input.declineCode)
    ? new Date(input.now.getTime() + 2 * HOUR_MS * input.failedAttempts)
    : softRetryAt(input.now, input.failedAttempts, input.timeZone);
  return at.getTime() <= deadline ? { kind: 'retry', at } : { kind: 'give_up' };
}

/** A soft retry lands at 10:00 local on its day, pulled to the 1st or 15th when one is near. */
function softRetryAt(now: Date, failedAttempts: number, timeZone: string): Date {
  const gap = SOFT_GAPS_DAYS[Math.min(failedAttempts, SOFT_GAPS_DAYS.length) - 1] ?? 7;
  let day = addDaysLocal(toLocalDate(now, timeZone), gap);
  for (let shift = -PAYDAY_PULL_DAYS; shift <= PAYDAY_PULL_DAYS; shift++) {
    const candidate = addDaysLocal(day, shift);
    if ((candidate.day === 1 || candidate.day === 15) && shift + gap >= 1) {
      day = candidate;
      break;
    }
  }
  return new Date(localMidnightToInstant(day, timeZone).getTime() + 10 * HOUR_MS);
}
