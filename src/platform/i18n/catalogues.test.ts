import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { flattenMessages, loadCatalogues } from './catalogues.ts';
import { SUPPORTED_LOCALES, type SupportedLocale, translator } from './index.ts';

const catalogues = loadCatalogues();
const OTHER_LOCALES = SUPPORTED_LOCALES.filter((l) => l !== 'en');
const namespaces = [...new Set(SUPPORTED_LOCALES.flatMap((l) => Object.keys(catalogues[l])))].sort();

/** `namespace:key.path` -> message, for one locale. */
function messagesOf(locale: SupportedLocale): Map<string, string> {
  return new Map(Object.entries(catalogues[locale]).flatMap(([ns, tree]) => flattenMessages(tree).map(([path, m]): [string, string] => [`${ns}:${path}`, m])));
}
const messages = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, messagesOf(l)])) as Record<SupportedLocale, Map<string, string>>;
const enKeys = [...messages.en.keys()];

/** Proper names that read the same in every language. */
// A staff reply is the employee's own words under "Re:", the reply prefix mail clients thread on in every language.
const SAME_AS_ENGLISH_ALLOWED = new Set(['common:channel.telegram', 'intake:reply.subject', 'intake:reply.body']);

type Argument = { kind: 'plain' | 'number' | 'date' | 'time' | 'plural' | 'select'; options: string[] };

/** Every argument of a message (inside plural/select branches too), by name. */
function argumentsOf(message: string): Map<string, Argument> {
  const found = new Map<string, Argument>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.set(el.value, { kind: 'plain', options: [] });
      if (el.type === TYPE.number) found.set(el.value, { kind: 'number', options: [] });
      if (el.type === TYPE.date) found.set(el.value, { kind: 'date', options: [] });
      if (el.type === TYPE.time) found.set(el.value, { kind: 'time', options: [] });
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        const options = Object.keys(el.options).sort();
        found.set(el.value, { kind: el.type === TYPE.plural ? 'plural' : 'select', options });
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return found;
}

const SAMPLE_TEXT: Record<string, string> = {
  customer_name: 'Anna Bērziņa',
  business_name: 'Sunrise Yoga',
  invoice_number: 'SUN-2026-000123',
  card_brand: 'Visa',
  card_last4: '4242',
  expiry_month: '07',
  expiry_year: '2027',
};

function sampleVars(message: string): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, arg] of argumentsOf(message)) {
    if (arg.kind === 'plural' || arg.kind === 'number') vars[name] = 3;
    else if (arg.kind === 'date' || arg.kind === 'time') vars[name] = new Date('2026-03-05T12:00:00Z');
    else if (arg.kind === 'select') vars[name] = 'other';
    else vars[name] = SAMPLE_TEXT[name] ?? (name.endsWith('_url') ? `https://duly.example/${name}` : `«${name}»`);
  }
  return vars;
}

describe('catalogue files', () => {
  it('hold the namespaces this platform relies on', () => {
    expect(namespaces).toEqual(expect.arrayContaining(['common', 'email']));
  });

  it.each(namespaces)('namespace %s exists in every locale', (ns) => {
    for (const locale of SUPPORTED_LOCALES) expect(catalogues[locale][ns], `${locale}/${ns}.json`).toBeDefined();
  });

  it.each(OTHER_LOCALES)('%s has exactly the keys of en', (locale) => {
    const keys = [...messages[locale].keys()];
    expect(
      enKeys.filter((k) => !messages[locale].has(k)),
      'missing in this locale',
    ).toEqual([]);
    expect(
      keys.filter((k) => !messages.en.has(k)),
      'not in en',
    ).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)('%s messages all parse as ICU', (locale) => {
    for (const [key, message] of messages[locale]) expect(() => parse(message), key).not.toThrow();
  });

  it.each(OTHER_LOCALES)('%s uses the same placeholders, plural and select arguments as en', (locale) => {
    for (const key of enKeys) {
      const expected = argumentsOf(messages.en.get(key)!);
      const actual = argumentsOf(messages[locale].get(key) ?? '');
      expect([...actual.keys()].sort(), key).toEqual([...expected.keys()].sort());
      for (const [name, arg] of expected) {
        const translated = actual.get(name)!;
        expect(translated.kind, `${key} {${name}}`).toBe(arg.kind);
        if (arg.kind === 'select') expect(translated.options, `${key} {${name}} options`).toEqual(arg.options);
      }
    }
  });

  it.each(SUPPORTED_LOCALES)('%s plurals give exactly the CLDR categories of the language', (locale) => {
    const categories = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
    let plurals = 0;
    for (const [key, message] of messages[locale]) {
      for (const [name, arg] of argumentsOf(message)) {
        if (arg.kind !== 'plural') continue;
        plurals += 1;
        expect(arg.options.filter((o) => !o.startsWith('=')).sort(), `${key} {${name}}`).toEqual(categories);
      }
    }
    expect(plurals).toBeGreaterThan(0);
  });

  it.each(OTHER_LOCALES)('%s has no message left in English', (locale) => {
    const untranslated = enKeys.filter((k) => !SAME_AS_ENGLISH_ALLOWED.has(k) && messages[locale].get(k) === messages.en.get(k));
    expect(untranslated).toEqual([]);
  });

  it('Thai and Armenian messages are written in their scripts', () => {
    const scripts = { th: /[\u0E00-\u0E7F]/, hy: /[\u0530-\u058F]/ } as const;
    for (const [locale, script] of Object.entries(scripts) as [keyof typeof scripts, RegExp][]) {
      const latinOnly = [...messages[locale]].filter(([key, m]) => !SAME_AS_ENGLISH_ALLOWED.has(key) && !script.test(m)).map(([key]) => key);
      expect(latinOnly, locale).toEqual([]);
    }
  });

  it('Vietnamese and Latvian catalogues use their diacritics', () => {
    const vi = [...messages.vi.values()].join('\n');
    const lv = [...messages.lv.values()].join('\n');
    for (const letter of ['ă', 'â', 'đ', 'ê', 'ô', 'ơ', 'ư', 'ạ', 'ố', 'ử']) expect(vi).toContain(letter);
    for (const letter of ['ā', 'ē', 'ī', 'ū', 'š', 'ņ', 'ļ', 'ķ', 'ģ']) expect(lv).toContain(letter);
  });
});

describe('every message renders in every locale', () => {
  it.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const t = translator(locale);
    for (const key of enKeys) {
      const vars = sampleVars(messages.en.get(key)!);
      const variants = [vars];
      for (const [name, arg] of argumentsOf(messages.en.get(key)!)) {
        if (arg.kind === 'select') variants.push(...arg.options.map((option) => ({ ...vars, [name]: option })));
        if (arg.kind === 'plural') variants.push(...[0, 1, 2, 11, 21, 1000].map((n) => ({ ...vars, [name]: n })));
      }
      for (const variant of variants) {
        const text = t(key, variant);
        expect(text.trim(), key).not.toBe('');
        expect(text, `${key} leaves a placeholder`).not.toMatch(/[{}]/);
      }
    }
  });

  it('a rendered email carries its data in every language', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const body = translator(locale)('email:invoice_issued.body', {
        ...SAMPLE_TEXT,
        amount_due: '150.000 ₫',
        due_date: '5/3/2026',
        pay_url: 'https://duly.example/pay/inv_1',
        payment_mode: 'manual',
      });
      for (const value of ['Anna Bērziņa', 'Sunrise Yoga', 'SUN-2026-000123', '150.000 ₫', '5/3/2026', 'https://duly.example/pay/inv_1']) {
        expect(body, `${locale}: ${value}`).toContain(value);
      }
      expect(body, locale).not.toContain('4242');
    }
  });
});
