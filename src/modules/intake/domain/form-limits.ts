import { DomainError } from '../../../platform/domain-error.ts';

/** The limits (intake_settings.form_limit_per_ip / _per_business) count submissions in the last hour. */
export const FORM_LIMIT_WINDOW_MS = 3_600_000;
/** Submission rows only serve the limits: a day is plenty, then they are pruned. */
export const FORM_SUBMISSION_RETENTION_MS = 86_400_000;

/** 429 with the seconds until the oldest submission that keeps the count at the limit leaves the window (Retry-After). */
export class FormRateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('form_rate_limited', message);
  }
}

/**
 * `recent` holds the instants of the submissions in the window, oldest first. With `limit` or
 * more of them, the next one must wait until enough have left: returns those seconds, else null.
 */
export function secondsUntilAllowed(recent: readonly Date[], limit: number, now: Date): number | null {
  if (recent.length < limit) return null;
  const mustLeave = recent[recent.length - limit]!;
  return Math.max(1, Math.ceil((mustLeave.getTime() + FORM_LIMIT_WINDOW_MS - now.getTime()) / 1000));
}
