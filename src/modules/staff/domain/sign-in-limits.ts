/** Failures that lock out one email from one address, and one address altogether, for a window. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL_AND_IP = 5;
export const MAX_FAILURES_PER_IP = 50;

/**
 * Seconds until the oldest failure in the window falls out of it, when a limit is reached;
 * null when the caller may try again now.
 */
export function retryAfterSeconds(failures: { emailAndIp: Date[]; ip: Date[] }, now: Date): number | null {
  const wait = (times: Date[], max: number) => {
    if (times.length < max) return 0;
    const sorted = [...times].sort((a, b) => b.getTime() - a.getTime());
    const unlocking = sorted[max - 1]!;
    return Math.max(1, Math.ceil((unlocking.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 1000));
  };
  const seconds = Math.max(wait(failures.emailAndIp, MAX_FAILURES_PER_EMAIL_AND_IP), wait(failures.ip, MAX_FAILURES_PER_IP));
  return seconds > 0 ? seconds : null;
}
