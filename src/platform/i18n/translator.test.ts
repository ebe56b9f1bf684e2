import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogues } from './catalogues.ts';
import { MissingTranslationError, SUPPORTED_LOCALES, translator } from './index.ts';
import { createI18n, createTranslator } from './translator.ts';

const overdue = (locale: Parameters<typeof translator>[0], days: number) =>
  translator(locale)('email:reminder_overdue.subject', { invoice_number: 'SUN-2026-000007', days_overdue: days });

describe('translator', () => {
  it('renders a namespaced key with variables', () => {
    expect(translator('en')('email:invoice_issued.subject', { invoice_number: 'SUN-2026-000001', business_name: 'Sunrise Yoga' })).toBe(
      'Invoice SUN-2026-000001 from Sunrise Yoga',
    );
    expect(translator('vi')('common:document.invoice')).toBe('Hóa đơn');
  });

  it('throws on a missing key, naming the key and the locale', () => {
    const t = translator('lv');
    expect(() => t('email:no_such_message.subject')).toThrow(MissingTranslationError);
    expect(() => t('email:no_such_message.subject')).toThrow(/email:no_such_message\.subject.*"lv"/);
    expect(() => t('no_such_namespace:x')).toThrow(MissingTranslationError);
    // A key without its namespace, or one that names a group of messages, is not a message.
    expect(() => t('invoice_issued.subject')).toThrow(MissingTranslationError);
    expect(() => t('email:invoice_issued')).toThrow(MissingTranslationError);
  });

  it('throws when a variable the message needs is missing, instead of printing the placeholder', () => {
    expect(() => translator('th')('email:invoice_issued.subject', { business_name: 'Sunrise Yoga' })).toThrow(
      /email:invoice_issued\.subject.*"th".*invoice_number/,
    );
  });

  it('refuses variable names that i18next would read as options', () => {
    expect(() => translator('en')('common:document.invoice', { lng: 'vi' })).toThrow(/reserved/);
  });

  it('refuses a locale it does not speak', () => {
    expect(() => translator('de' as never)).toThrow(/Unsupported locale/);
  });

  it('English: one day, other days', () => {
    expect(overdue('en', 1)).toBe('Invoice SUN-2026-000007 is 1 day overdue');
    expect(overdue('en', 3)).toBe('Invoice SUN-2026-000007 is 3 days overdue');
    expect(overdue('en', 1000)).toBe('Invoice SUN-2026-000007 is 1,000 days overdue');
  });

  it('Latvian: zero (0, 11, 10), one (1, 21) and other (2, 5) forms', () => {
    const days = (n: number) => translator('lv')('common:duration.days', { count: n });
    expect(days(1)).toBe('1 diena');
    expect(days(21)).toBe('21 diena');
    expect(days(2)).toBe('2 dienas');
    expect(days(5)).toBe('5 dienas');
    expect(days(0)).toBe('0 dienu');
    expect(days(11)).toBe('11 dienu');
    expect(days(10)).toBe('10 dienu');
    expect(overdue('lv', 21)).toBe('Rēķina SUN-2026-000007 apmaksas kavējums: 21 diena');
    expect(overdue('lv', 11)).toBe('Rēķina SUN-2026-000007 apmaksas kavējums: 11 dienu');
    expect(overdue('lv', 2)).toBe('Rēķina SUN-2026-000007 apmaksas kavējums: 2 dienas');
  });

  it('Armenian, Thai and Vietnamese: the number stays with the one form the language uses', () => {
    expect(overdue('hy', 1)).toBe('SUN-2026-000007 հաշվի վճարումն ուշանում է 1 օր');
    expect(overdue('hy', 2)).toBe('SUN-2026-000007 հաշվի վճարումն ուշանում է 2 օր');
    expect(overdue('th', 1)).toBe('ใบแจ้งหนี้ SUN-2026-000007 เกินกำหนดชำระมา 1 วันแล้ว');
    expect(overdue('th', 3)).toBe('ใบแจ้งหนี้ SUN-2026-000007 เกินกำหนดชำระมา 3 วันแล้ว');
    expect(overdue('vi', 1)).toBe('Hóa đơn SUN-2026-000007 đã quá hạn 1 ngày');
    expect(overdue('vi', 3)).toBe('Hóa đơn SUN-2026-000007 đã quá hạn 3 ngày');
    expect(translator('lv')('common:duration.months', { count: 3 })).toBe('3 mēneši');
  });

  it("picks each language's plural category (Armenian one/other, Latvian zero/one/other)", () => {
    // Armenian nouns do not change after numerals, so the real catalogue cannot show which
    // category was chosen; a catalogue with marked branches can.
    const marked = '{n, plural, zero {zero:#} one {one:#} other {other:#}}';
    const resources = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { test: { m: marked } }])) as never;
    const i18n = createI18n(resources);
    const pick = (locale: (typeof SUPPORTED_LOCALES)[number], n: number) => createTranslator(i18n, locale)('test:m', { n });
    expect([pick('hy', 1), pick('hy', 2), pick('hy', 0)]).toEqual(['one:1', 'other:2', 'one:0']);
    expect([0, 1, 2, 11, 21].map((n) => pick('lv', n))).toEqual(['zero:0', 'one:1', 'other:2', 'zero:11', 'one:21']);
    expect([pick('th', 1), pick('vi', 1)]).toEqual(['other:1', 'other:1']);
    expect([pick('en', 0), pick('en', 1)]).toEqual(['other:0', 'one:1']);
  });
});

describe('catalogue folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duly-i18n-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads every namespace file it finds, so a new namespace needs no code', () => {
    for (const locale of SUPPORTED_LOCALES) {
      mkdirSync(join(dir, locale));
      writeFileSync(join(dir, locale, 'pdf.json'), JSON.stringify({ title: { invoice: `${locale} invoice` } }));
      writeFileSync(join(dir, locale, 'notes.txt'), 'not a catalogue');
    }
    const catalogues = loadCatalogues(dir);
    expect(Object.keys(catalogues.th)).toEqual(['pdf']);
    expect(createTranslator(createI18n(catalogues), 'th')('pdf:title.invoice')).toBe('th invoice');
  });

  it('rejects a key that would break key paths', () => {
    writeFileSync(join(dir, 'en', 'bad.json'), JSON.stringify({ 'a.b': 'x' }));
    expect(() => loadCatalogues(dir)).toThrow(/a\.b/);
  });
});
