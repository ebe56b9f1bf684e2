import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, isQuiet, nextSendableInstant } from './quiet-hours.ts';

describe('quiet hours', () => {
  it('wraps midnight: 21:00-08:00 is quiet at 23:30 and 07:59 but not at 08:00 or 20:59', () => {
    expect(isQuiet(23 * 60 + 30, DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuiet(7 * 60 + 59, DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuiet(8 * 60, DEFAULT_QUIET_HOURS)).toBe(false);
    expect(isQuiet(20 * 60 + 59, DEFAULT_QUIET_HOURS)).toBe(false);
  });

  it('moves a message due at 23:10 in Bangkok to 08:00 the next local morning', () => {
    const at = new Date('2026-03-10T16:10:00Z'); // 23:10 in Asia/Bangkok (UTC+7)
    expect(nextSendableInstant(at, 'Asia/Bangkok', DEFAULT_QUIET_HOURS).toISOString()).toBe('2026-03-11T01:00:00.000Z');
  });

  it('leaves a daytime message alone, and respects the time zone rather than UTC', () => {
    const noonRiga = new Date('2026-07-01T09:00:00Z');
    expect(nextSendableInstant(noonRiga, 'Europe/Riga', DEFAULT_QUIET_HOURS)).toEqual(noonRiga);
    const lateNewYork = new Date('2026-07-02T02:30:00Z'); // 22:30 in New York (UTC-4)
    expect(nextSendableInstant(lateNewYork, 'America/New_York', DEFAULT_QUIET_HOURS).toISOString()).toBe('2026-07-02T12:00:00.000Z');
  });
});
