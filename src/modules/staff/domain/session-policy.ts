/** A session dies after 12 hours without use, and 7 days after sign-in whatever happens. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3_600_000;
/** Writing last_seen_at on every request would be a write per click; once a minute is enough. */
export const SESSION_TOUCH_MS = 60_000;

export function sessionExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS);
}

export function isSessionLive(session: { lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  return now.getTime() < session.expiresAt.getTime() && now.getTime() - session.lastSeenAt.getTime() < SESSION_IDLE_MS;
}

export function needsTouch(session: { lastSeenAt: Date }, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_MS;
}
