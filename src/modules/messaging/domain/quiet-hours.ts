/**
 * Quiet hours in the business's time zone, as minutes after local midnight: start 21:00 (1260)
 * to end 08:00 (480) wraps midnight. A non-urgent message due inside them waits for the end.
 */
export type QuietHours = { startMinute: number; endMinute: number };

export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 21 * 60, endMinute: 8 * 60 };

function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export function isQuiet(minute: number, quiet: QuietHours): boolean {
  if (quiet.startMinute === quiet.endMinute) return false;
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

/** The first instant at or after `at` outside quiet hours (minute resolution, DST-safe by stepping). */
export function nextSendableInstant(at: Date, timeZone: string, quiet: QuietHours): Date {
  let candidate = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  if (!isQuiet(localMinute(at, timeZone), quiet)) return at;
  // Step forward by up to a day in 15-minute jumps, then to the exact minute.
  for (let i = 0; i < 24 * 4 + 1; i++) {
    if (!isQuiet(localMinute(candidate, timeZone), quiet)) break;
    candidate = new Date(candidate.getTime() + 15 * 60_000);
  }
  while (!isQuiet(localMinute(new Date(candidate.getTime() - 60_000), timeZone), quiet) && candidate.getTime() > at.getTime()) {
    candidate = new Date(candidate.getTime() - 60_000);
  }
  return candidate;
}
