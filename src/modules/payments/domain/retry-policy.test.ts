import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, decideRetry, retryPolicyProblem } from './retry-policy.ts';

const base = { firstFailureAt: new Date('2026-03-05T10:00:00Z'), now: new Date('2026-03-05T10:00:00Z'), timeZone: 'UTC' };

describe('decline-aware retry policy', () => {
  it('never retries a hard decline or an expired card: both wait for a new card', () => {
    expect(decideRetry({ ...base, declineKind: 'hard', declineCode: 'stolen_card', failedAttempts: 1 })).toEqual({ kind: 'await_new_card' });
    expect(decideRetry({ ...base, declineKind: 'expired', declineCode: 'expired_card', failedAttempts: 1 })).toEqual({ kind: 'await_new_card' });
  });

  it('retries a processing error within hours', () => {
    const d = decideRetry({ ...base, declineKind: 'soft', declineCode: 'processing_error', failedAttempts: 1 });
    expect(d).toEqual({ kind: 'retry', at: new Date('2026-03-05T12:00:00Z') });
  });

  it('retries insufficient funds days later, pulled to the 15th when it is near', () => {
    const first = decideRetry({ ...base, declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 1 });
    expect(first).toEqual({ kind: 'retry', at: new Date('2026-03-08T10:00:00Z') }); // 3 days later, no payday within 2 days
    const second = decideRetry({ ...base, now: new Date('2026-03-08T10:00:00Z'), declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 2 });
    expect(second).toEqual({ kind: 'retry', at: new Date('2026-03-15T10:00:00Z') }); // 13th pulled to the 15th
  });

  it('stops after four retries or three weeks, whichever comes first', () => {
    expect(decideRetry({ ...base, declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 5 })).toEqual({ kind: 'give_up' });
    const late = decideRetry({ ...base, now: new Date('2026-03-24T10:00:00Z'), declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 3 });
    expect(late).toEqual({ kind: 'give_up' });
  });

  it('places soft retries at 10:00 local time in the business time zone', () => {
    const d = decideRetry({ ...base, timeZone: 'Asia/Bangkok', declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 1 });
    expect(d).toEqual({ kind: 'retry', at: new Date('2026-03-08T03:00:00Z') });
  });

  it('a fixed policy retries every interval regardless of the soft code, and hard declines only when told to', () => {
    const fixed = { ...DEFAULT_RETRY_POLICY, strategy: 'fixed' as const, intervalDays: 3 };
    expect(decideRetry({ ...base, policy: fixed, declineKind: 'soft', declineCode: 'processing_error', failedAttempts: 1 })).toEqual({
      kind: 'retry',
      at: new Date('2026-03-08T10:00:00Z'),
    });
    expect(decideRetry({ ...base, policy: fixed, declineKind: 'hard', declineCode: 'stolen_card', failedAttempts: 1 })).toEqual({ kind: 'await_new_card' });
    const naive = { ...fixed, retryHardDeclines: true };
    expect(decideRetry({ ...base, policy: naive, declineKind: 'hard', declineCode: 'stolen_card', failedAttempts: 1 }).kind).toBe('retry');
    expect(decideRetry({ ...base, policy: naive, declineKind: 'hard', declineCode: 'stolen_card', failedAttempts: 5 })).toEqual({ kind: 'give_up' });
    expect(decideRetry({ ...base, policy: { ...fixed, maxRetries: 0 }, declineKind: 'soft', declineCode: 'insufficient_funds', failedAttempts: 1 })).toEqual({
      kind: 'give_up',
    });
  });

  it('refuses a fixed schedule longer than its window and hard-decline retries under smart', () => {
    expect(retryPolicyProblem(DEFAULT_RETRY_POLICY)).toBeNull();
    expect(retryPolicyProblem({ ...DEFAULT_RETRY_POLICY, strategy: 'fixed', intervalDays: 6 })?.param).toBe('window_days');
    expect(retryPolicyProblem({ ...DEFAULT_RETRY_POLICY, strategy: 'fixed', intervalDays: 5 })).toBeNull();
    expect(retryPolicyProblem({ ...DEFAULT_RETRY_POLICY, retryHardDeclines: true })?.param).toBe('retry_hard_declines');
  });
});
