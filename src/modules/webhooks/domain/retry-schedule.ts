/**
 * When to try a failed webhook delivery again: exponential back-off from one minute, doubling
 * up to twelve hours between attempts, for three days after the event. Deterministic, so a
 * test clock can step through it and a receiver can predict it.
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_GAP_MS = 12 * 3_600_000;
export const RETRY_WINDOW_MS = 3 * 86_400_000;

/** The delay after the `attempts`-th failed attempt (1-based). */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_GAP_MS);
}

/** The next attempt, or null when it would fall past the three-day window (the delivery fails). */
export function nextRetryAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  return next.getTime() > createdAt.getTime() + RETRY_WINDOW_MS ? null : next;
}
