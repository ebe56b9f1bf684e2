import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_GAP_MS, nextRetryAt, RETRY_WINDOW_MS, retryDelayMs } from './retry-schedule.ts';

const MIN = 60_000;

describe('webhook retry schedule', () => {
  it('doubles from one minute and caps at twelve hours', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * MIN));
    expect(retryDelayMs(11)).toBe(MAX_RETRY_GAP_MS);
    expect(retryDelayMs(40)).toBe(MAX_RETRY_GAP_MS);
  });

  it('an always-failing receiver is tried until the three-day window closes, never after it', () => {
    const created = new Date('2026-03-01T00:00:00Z');
    let at = created;
    const attempts = [at];
    for (let n = 1; ; n++) {
      const next = nextRetryAt(created, n, at);
      if (!next) break;
      at = next;
      attempts.push(at);
    }
    const last = attempts.at(-1)!.getTime() - created.getTime();
    expect(last).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(last).toBeGreaterThan(RETRY_WINDOW_MS - MAX_RETRY_GAP_MS);
    expect(attempts.length).toBe(15);
  });

  it('never schedules past the window and never sooner than one minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: RETRY_WINDOW_MS * 2 }), (n, elapsed) => {
        const created = new Date(0);
        const next = nextRetryAt(created, n, new Date(elapsed));
        if (next) {
          expect(next.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
          expect(next.getTime() - elapsed).toBeGreaterThanOrEqual(MIN);
        } else expect(elapsed + retryDelayMs(n)).toBeGreaterThan(RETRY_WINDOW_MS);
      }),
    );
  });
});
