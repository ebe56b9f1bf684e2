import { addDaysLocal, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import type { DeclineKind } from './decline-codes.ts';

/**
 * A business's retry policy (B6).
 *   smart - reads the decline code: hard declines and expired cards wait for a new card, transient
 *           errors are retried within hours, other soft declines days apart around paydays.
 *   fixed - the plain schedule many businesses ask for: every `intervalDays`, at most `maxRetries`
 *           times. Hard declines and expired cards still wait for a new card unless
 *           `retryHardDeclines` is set (which only ever makes sense as a comparison baseline).
 * Both stop after `maxRetries` retries or `windowDays` after the first failure, whichever comes
 * first; then the subscription goes to `onExhausted`.
 */
export type RetryStrategy = 'smart' | 'fixed';
export type OnExhausted = 'unpaid' | 'paused' | 'canceled';
export type RetryPolicy = {
  strategy: RetryStrategy;
  maxRetries: number;
  windowDays: number;
  intervalDays: number;
  retryHardDeclines: boolean;
  onExhausted: OnExhausted;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  strategy: 'smart',
  maxRetries: 4,
  windowDays: 21,
  intervalDays: 3,
  retryHardDeclines: false,
  onExhausted: 'unpaid',
};

export const RETRY_POLICY_LIMITS = { maxRetries: [0, 8], windowDays: [1, 60], intervalDays: [1, 30] } as const;

/** Codes that mean "the network or issuer hiccuped": worth trying again within hours. */
const TRANSIENT = new Set(['processing_error', 'try_again_later', 'issuer_not_available', 'reenter_transaction']);

/** Days after a soft decline before the next try; paydays pull each try a little. */
const SOFT_GAPS_DAYS = [3, 5, 7, 6];
const PAYDAY_PULL_DAYS = 2;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * retry          - charge again at `at`
 * await_new_card - no retry of this card can help (hard decline, expired card): nothing is
 *                  scheduled; the client's new card is charged when it is saved
 * give_up        - the policy's retries are exhausted
 */
export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'await_new_card' } | { kind: 'give_up' };

/** Whether the policy charges this kind of decline again on its schedule (rather than waiting for a new card). */
export function retriesDeclineKind(policy: RetryPolicy, kind: DeclineKind): boolean {
  return kind === 'soft' || (policy.strategy === 'fixed' && policy.retryHardDeclines);
}

/**
 * When to charge a declined invoice again, from the decline and the business's policy. Smart: a
 * hard decline (stolen, lost, fraud, closed) is never retried and an expired card waits for a new
 * one; a transient error is retried within hours; insufficient funds and other soft declines are
 * retried days apart, moved to the 1st or 15th of the month (common paydays) when one is within
 * two days. Fixed: every `intervalDays`. Either way only while retries and the window last.
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
  if (!retriesDeclineKind(policy, input.declineKind)) return { kind: 'await_new_card' };
  if (input.failedAttempts > policy.maxRetries) return { kind: 'give_up' };
  const deadline = input.firstFailureAt.getTime() + policy.windowDays * DAY_MS;
  const at = nextTryAt(policy, input);
  return at.getTime() <= deadline ? { kind: 'retry', at } : { kind: 'give_up' };
}

function nextTryAt(policy: RetryPolicy, input: { declineCode: string; failedAttempts: number; now: Date; timeZone: string }): Date {
  if (policy.strategy === 'fixed') return new Date(input.now.getTime() + policy.intervalDays * DAY_MS);
  if (TRANSIENT.has(input.declineCode)) return new Date(input.now.getTime() + 2 * HOUR_MS * input.failedAttempts);
  return softRetryAt(input.now, input.failedAttempts, input.timeZone);
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

/**
 * Problems with a policy as a whole, with the parameter to blame (the HTTP layer checks ranges):
 * a fixed schedule must fit in its window, or "exactly max_retries times" would be a lie.
 */
export function retryPolicyProblem(policy: RetryPolicy): { param: string; message: string } | null {
  if (policy.retryHardDeclines && policy.strategy !== 'fixed') {
    return {
      param: 'retry_hard_declines',
      message: 'retry_hard_declines applies only to the fixed strategy; the smart strategy never retries a hard decline.',
    };
  }
  if (policy.strategy === 'fixed' && policy.intervalDays * policy.maxRetries > policy.windowDays) {
    return {
      param: 'window_days',
      message: `A fixed schedule of ${policy.maxRetries} retries every ${policy.intervalDays} days needs ${policy.intervalDays * policy.maxRetries} days; window_days is ${policy.windowDays}.`,
    };
  }
  return null;
}
