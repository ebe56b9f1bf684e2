import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';
import { defaultMinRole, roleAllows } from './roles.ts';
import { isSessionLive, sessionExpiresAt } from './session-policy.ts';
import { retryAfterSeconds } from './sign-in-limits.ts';

const at = (iso: string) => new Date(iso);

describe('roles', () => {
  it('ranks owner over manager over staff', () => {
    expect(roleAllows('owner', 'manager')).toBe(true);
    expect(roleAllows('manager', 'manager')).toBe(true);
    expect(roleAllows('staff', 'manager')).toBe(false);
    expect(roleAllows('manager', 'owner')).toBe(false);
  });
  it('lets staff read and managers change, when a route does not say', () => {
    expect(defaultMinRole('GET')).toBe('staff');
    expect(defaultMinRole('HEAD')).toBe('staff');
    expect(defaultMinRole('POST')).toBe('manager');
    expect(defaultMinRole('DELETE')).toBe('manager');
  });
});

describe('session expiry', () => {
  const created = at('2026-03-01T08:00:00Z');
  const session = (lastSeen: string) => ({ lastSeenAt: at(lastSeen), expiresAt: sessionExpiresAt(created) });
  it('ends 12 hours after the last use', () => {
    expect(isSessionLive(session('2026-03-01T08:00:00Z'), at('2026-03-01T19:59:59Z'))).toBe(true);
    expect(isSessionLive(session('2026-03-01T08:00:00Z'), at('2026-03-01T20:00:00Z'))).toBe(false);
  });
  it('ends 7 days after sign-in however busy', () => {
    expect(isSessionLive(session('2026-03-08T07:59:00Z'), at('2026-03-08T07:59:59Z'))).toBe(true);
    expect(isSessionLive(session('2026-03-08T07:59:00Z'), at('2026-03-08T08:00:00Z'))).toBe(false);
  });
});

describe('sign-in limits', () => {
  const now = at('2026-03-01T12:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  it('allows four failures and refuses the fifth until the oldest is 15 minutes old', () => {
    const four = [1, 2, 3, 4].map(minutesAgo);
    expect(retryAfterSeconds({ emailAndIp: four, ip: four }, now)).toBeNull();
    const five = [10, 2, 3, 4, 1].map(minutesAgo);
    expect(retryAfterSeconds({ emailAndIp: five, ip: five }, now)).toBe(5 * 60);
  });
  it('counts 50 failures per address across emails', () => {
    const many = Array.from({ length: 50 }, (_, i) => minutesAgo(i * 0.2));
    expect(retryAfterSeconds({ emailAndIp: [], ip: many }, now)).toBeGreaterThan(0);
    expect(retryAfterSeconds({ emailAndIp: [], ip: many.slice(1) }, now)).toBeNull();
  });
});

describe('password policy', () => {
  it('wants 10 characters and not the email', () => {
    expect(passwordProblem('short', 'a@b.c')).not.toBeNull();
    expect(passwordProblem('anna@example.lv', 'Anna@Example.lv')).not.toBeNull();
    expect(passwordProblem('annabelle1', 'annabelle1@example.lv')).not.toBeNull();
    expect(passwordProblem('a sound passphrase', 'anna@example.lv')).toBeNull();
  });
});
