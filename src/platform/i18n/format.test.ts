import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatNumber } from './index.ts';

// Intl separates with no-break and narrow no-break spaces; compare them as plain spaces.
const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ');

describe('formatMoney', () => {
  it('writes VND without minor digits, as each locale does', () => {
    expect(plain(formatMoney(150_000, 'vnd', 'vi'))).toBe('150.000 ₫');
    expect(plain(formatMoney(150_000, 'VND', 'en'))).toBe('₫150,000');
    expect(plain(formatMoney(150_000, 'vnd', 'lv'))).toBe('150 000 ₫');
  });

  it('uses two minor digits for USD, EUR, THB and AMD in every locale', () => {
    expect(formatMoney(150_050, 'usd', 'en')).toBe('$1,500.50');
    expect(plain(formatMoney(150_050, 'usd', 'vi'))).toBe('1.500,50 US$');
    expect(plain(formatMoney(123_456, 'eur', 'lv'))).toBe('1234,56 €');
    expect(plain(formatMoney(12_345_678, 'eur', 'lv'))).toBe('123 456,78 €');
    expect(formatMoney(150_000, 'thb', 'th')).toBe('฿1,500.00');
    expect(plain(formatMoney(150_000, 'amd', 'hy'))).toBe('1500,00 ֏');
    expect(plain(formatMoney(15_000_000, 'amd', 'hy'))).toBe('150 000,00 ֏');
  });

  it('follows the minor-unit table for three-digit currencies and negative credits', () => {
    expect(plain(formatMoney(1_234_567, 'kwd', 'en'))).toBe('KWD 1,234.567');
    expect(formatMoney(-500, 'usd', 'en')).toBe('-$5.00');
    expect(formatMoney(99_999_999_999, 'usd', 'en')).toBe('$999,999,999.99');
  });

  it('refuses an amount that is not integer minor units', () => {
    expect(() => formatMoney(10.5, 'usd', 'en')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  // 17:30 UTC on 5 March is already 6 March in Bangkok (UTC+7).
  const lateEvening = new Date('2026-03-05T17:30:00Z');

  it('gives the calendar day of the time zone', () => {
    expect(formatDate(lateEvening, 'en', 'UTC')).toBe('March 5, 2026');
    expect(formatDate(lateEvening, 'en', 'Asia/Bangkok')).toBe('March 6, 2026');
    expect(formatDate(lateEvening, 'en', 'UTC', 'short')).toBe('03/05/2026');
    expect(formatDate(lateEvening, 'en', 'Asia/Bangkok', 'short')).toBe('03/06/2026');
  });

  it('writes long dates in the language of the client', () => {
    expect(formatDate(lateEvening, 'vi', 'Asia/Ho_Chi_Minh')).toBe('6 tháng 3, 2026');
    expect(formatDate(lateEvening, 'lv', 'Europe/Riga')).toBe('2026. gada 5. marts');
    expect(formatDate(lateEvening, 'th', 'Asia/Bangkok')).toBe('6 มีนาคม 2569');
    expect(formatDate(lateEvening, 'hy', 'Asia/Yerevan')).toMatch(/^0?5 մարտի, 2026 թ\.$/);
  });

  it('writes short dates in the order the locale reads them', () => {
    expect(formatDate(lateEvening, 'vi', 'UTC', 'short')).toBe('05/03/2026');
    expect(formatDate(lateEvening, 'lv', 'UTC', 'short')).toBe('05.03.2026');
    expect(formatDate(lateEvening, 'th', 'UTC', 'short')).toBe('05/03/2569');
  });
});

describe('formatNumber', () => {
  it('uses the locale separators', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'vi')).toBe('1.234.567,5');
    expect(plain(formatNumber(1234567.5, 'lv'))).toBe('1 234 567,5');
    expect(plain(formatNumber(0.075, 'hy', { style: 'percent', maximumFractionDigits: 1 }))).toBe('7,5%');
  });
});
