import { describe, expect, it } from 'vitest';
import { captchaPolicyFrom, DEFAULT_CAPTCHA_POLICY, parseCaptchaPayload } from './form-captcha.ts';
import { localDateOf, readFormFields } from './form-fields.ts';
import { FORM_LIMIT_WINDOW_MS, secondsUntilAllowed } from './form-limits.ts';

const today = '2026-03-05';

describe('readFormFields', () => {
  it('reads a local number in the country of the page language, and needs a country code on the English page', () => {
    const lv = readFormFields('signup', { name: 'Anna', phone: '2000 0000' }, { locale: 'lv', today });
    expect(lv).toMatchObject({ ok: true, fields: { phone: '+37120000000', email: null } });
    const en = readFormFields('signup', { name: 'Anna', phone: '2000 0000' }, { locale: 'en', today });
    expect(en).toMatchObject({ ok: false, problem: { field: 'phone', problem: 'phone_invalid' } });
    expect(readFormFields('signup', { name: 'Anna', phone: '+371 2000 0000' }, { locale: 'en', today })).toMatchObject({ ok: true });
  });

  it('keeps only the fields of its own form, and takes today as the earliest appointment date', () => {
    const order = readFormFields('order', { name: 'A', email: 'A@X.LV', what: 'Pack', preferred_date: '2020-01-01' }, { locale: 'en', today });
    expect(order).toMatchObject({ ok: true, fields: { email: 'a@x.lv', what: 'Pack', preferredDate: null } });
    expect(readFormFields('appointment', { name: 'A', email: 'a@x.lv', preferred_date: today }, { locale: 'en', today }).ok).toBe(true);
    expect(readFormFields('appointment', { name: 'A', email: 'a@x.lv', preferred_date: '2026-03-04' }, { locale: 'en', today })).toMatchObject({
      ok: false,
      problem: { field: 'preferred_date', problem: 'date_past' },
    });
  });

  it('dates "today" in the business time zone', () => {
    const lateUtc = new Date('2026-03-05T23:30:00Z');
    expect(localDateOf(lateUtc, 'UTC')).toBe('2026-03-05');
    expect(localDateOf(lateUtc, 'Europe/Riga')).toBe('2026-03-06');
  });
});

describe('secondsUntilAllowed', () => {
  const now = new Date('2026-03-05T12:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('lets a submission through under the limit, and otherwise waits until enough have left the hour', () => {
    expect(secondsUntilAllowed([ago(50), ago(10)], 3, now)).toBeNull();
    expect(secondsUntilAllowed([ago(50), ago(30), ago(10)], 3, now)).toBe(10 * 60);
    // Over the limit (the limit was lowered): the second oldest must leave too.
    expect(secondsUntilAllowed([ago(50), ago(30), ago(10)], 2, now)).toBe(30 * 60);
    expect(secondsUntilAllowed([new Date(now.getTime() - FORM_LIMIT_WINDOW_MS + 100)], 1, now)).toBe(1);
  });
});

describe('captcha settings and payloads', () => {
  it('takes the proof-of-work size from the environment, keeping the default on nonsense', () => {
    expect(captchaPolicyFrom({})).toEqual(DEFAULT_CAPTCHA_POLICY);
    expect(captchaPolicyFrom({ DULY_CAPTCHA_COST: '10', DULY_CAPTCHA_COUNTER_MAX: '40' })).toMatchObject({ cost: 10, counterMin: 20, counterMax: 40 });
    expect(captchaPolicyFrom({ DULY_CAPTCHA_COST: '-3', DULY_CAPTCHA_COUNTER_MAX: 'lots' })).toEqual(DEFAULT_CAPTCHA_POLICY);
  });

  it('treats anything but the widget’s base64 JSON as no solution', () => {
    const good = { challenge: { parameters: { algorithm: 'PBKDF2/SHA-256' }, signature: 'ab' }, solution: { counter: 3, derivedKey: 'cd' } };
    expect(parseCaptchaPayload(Buffer.from(JSON.stringify(good)).toString('base64'))).toEqual(good);
    for (const bad of [undefined, 42, '', 'not base64 json', Buffer.from('{"challenge":1}').toString('base64'), 'x'.repeat(5000)]) {
      expect(parseCaptchaPayload(bad)).toBeNull();
    }
  });
});
