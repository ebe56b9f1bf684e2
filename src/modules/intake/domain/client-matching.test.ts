import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KnownClient, matchClient, normaliseName, normalisePhone } from './client-matching.ts';

const janis: KnownClient = {
  customerId: 'cus_janis',
  name: 'Jānis Kalniņš',
  email: 'Janis@Example.lv',
  emailVerified: true,
  phone: '+37120000000',
  phoneVerified: true,
};
const unverified: KnownClient = {
  customerId: 'cus_mai',
  name: 'Nguyễn Thị Mai',
  email: 'mai@example.vn',
  emailVerified: false,
  phone: null,
  phoneVerified: false,
};

describe('phone numbers in E.164', () => {
  it.each([
    ['+371 2000 0000', undefined, '+37120000000'],
    ['20 000 000', 'LV', '+37120000000'],
    ['0912 345 678', 'VN', '+84912345678'],
    ['081 234 5678', 'TH', '+66812345678'],
    ['077 123456', 'AM', '+37477123456'],
  ] as const)('%s (%s) is %s', (raw, country, e164) => {
    expect(normalisePhone(raw, country)).toBe(e164);
  });

  it('refuses what is not a phone number', () => {
    expect(normalisePhone('call me', 'LV')).toBeNull();
    expect(normalisePhone('123', 'LV')).toBeNull();
    expect(normalisePhone('20000000')).toBeNull(); // a national number with no country to read it in
  });

  it('writes a number the same way however it was typed', () => {
    fc.assert(
      fc.property(fc.constantFrom('+37120000000', '+84912345678', '+66812345678'), fc.constantFrom(' ', '-', '.', ''), (e164, separator) => {
        const typed = `${e164.slice(0, 4)}${separator}${e164.slice(4, 8)}${separator}${e164.slice(8)}`;
        expect(normalisePhone(typed)).toBe(e164);
        expect(normalisePhone(normalisePhone(typed)!)).toBe(e164);
      }),
    );
  });
});

describe('matching a sender to a client', () => {
  it('attaches a verified email or phone to the client who owns it', () => {
    expect(matchClient({ email: ' janis@example.LV ', emailVerified: true }, [janis, unverified])).toEqual({
      kind: 'existing',
      customerId: 'cus_janis',
      by: 'email',
    });
    expect(matchClient({ phone: '+37120000000', phoneVerified: true, name: 'J' }, [janis])).toEqual({ kind: 'existing', customerId: 'cus_janis', by: 'phone' });
  });

  it('never attaches a contact someone merely typed; it flags the client as a possible duplicate instead', () => {
    expect(matchClient({ email: 'janis@example.lv', emailVerified: false, name: 'Janis Kalnins' }, [janis])).toEqual({
      kind: 'new',
      possibleDuplicates: [{ customerId: 'cus_janis', reasons: ['email', 'name'] }],
    });
    // Nor does a verified sender match a client whose own address was never proved.
    expect(matchClient({ email: 'mai@example.vn', emailVerified: true }, [unverified])).toEqual({
      kind: 'new',
      possibleDuplicates: [{ customerId: 'cus_mai', reasons: ['email'] }],
    });
  });

  it('treats names alike without case, accents or spacing', () => {
    expect(normaliseName('  Jānis   KALNIŅŠ ')).toBe('janis kalnins');
    expect(normaliseName('Nguyễn Thị Mai')).toBe('nguyen thi mai');
    expect(matchClient({ name: 'Someone Else' }, [janis])).toEqual({ kind: 'new', possibleDuplicates: [] });
  });
});
