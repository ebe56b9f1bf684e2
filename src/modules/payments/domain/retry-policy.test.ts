import { describe, expect, it } from 'vitest';
import { decideRetry } from './retry-policy.ts';

const base = { firstFailureAt: new Date('2026-03-05T10:00:00Z'), now: new Date('2026-03-05T10:00:00Z'), timeZone: 'UTC' };

describe('decline-aware retry policy', () => {
  it('never retries a hard decline and waits for a new card after an expired one', () => {
    expect(decideRetry({ ...base, declineKind: 'hard', declineCode: 'stolen_card', failedAttempts: 1 })).toEqual({ kind: 'give_up' });
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
});
