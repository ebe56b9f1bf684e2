import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES as TENANT_LOCALES } from '../../modules/tenants/index.ts';
import { resolveLocale, SUPPORTED_LOCALES } from './index.ts';

describe('resolveLocale', () => {
  it('speaks the languages a business can choose', () => {
    expect(SUPPORTED_LOCALES).toBe(TENANT_LOCALES);
  });

  it("takes the first of the customer's languages that Duly speaks", () => {
    expect(resolveLocale(['vi-VN'], 'en')).toBe('vi');
    expect(resolveLocale(['de-DE', 'hy-AM', 'en'], 'lv')).toBe('hy');
    expect(resolveLocale('th_TH', 'en')).toBe('th');
    expect(resolveLocale(['LV'], 'en')).toBe('lv');
  });

  it('reads an Accept-Language header by preference weight', () => {
    expect(resolveLocale('de-DE,de;q=0.9,lv;q=0.5,vi;q=0.7', 'en')).toBe('vi');
    expect(resolveLocale('vi;q=0,th', 'en')).toBe('th');
  });

  it('falls back to the business locale, then to English', () => {
    expect(resolveLocale(['de', 'fr-FR'], 'lv')).toBe('lv');
    expect(resolveLocale(null, 'th-TH')).toBe('th');
    expect(resolveLocale(undefined, 'hy')).toBe('hy');
    expect(resolveLocale([], 'de')).toBe('en');
    expect(resolveLocale('', 'xx')).toBe('en');
  });
});
