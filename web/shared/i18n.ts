import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';

/**
 * The browser side of the same catalogues the server uses (`src/platform/i18n/locales`):
 * one JSON file per namespace and language, fetched only for the language being shown,
 * so a page in Thai never downloads the other four.
 */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'vi', label: 'Tiếng Việt' },
  { code: 'lv', label: 'Latviešu' },
  { code: 'th', label: 'ไทย' },
  { code: 'hy', label: 'Հայերեն' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

const catalogueFiles = import.meta.glob<Record<string, unknown>>(
  ['../../src/platform/i18n/locales/*/app*.json', '../../src/platform/i18n/locales/*/portal*.json', '../../src/platform/i18n/locales/*/errors.json'],
  { import: 'default' },
);

const STORAGE_KEY = 'duly.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.code === value);
}

/** The saved choice, else the browser's first supported language, else the given fallback. */
export function preferredLanguage(fallback: Language = 'en'): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? []) {
    const code = tag.toLowerCase().split('-')[0];
    if (isLanguage(code)) return code;
  }
  return fallback;
}

async function loadBundles(instance: i18n, language: Language, namespaces: readonly string[]) {
  await Promise.all(
    namespaces.map(async (namespace) => {
      if (instance.hasResourceBundle(language, namespace)) return;
      const load = catalogueFiles[`../../src/platform/i18n/locales/${language}/${namespace}.json`];
      if (!load) throw new Error(`No catalogue ${language}/${namespace}.json`);
      instance.addResourceBundle(language, namespace, await load(), true, true);
    }),
  );
}

/** Starts i18next with ICU messages for these namespaces (the first is the default). */
export async function initI18n(namespaces: readonly string[], language: Language): Promise<i18n> {
  await i18next
    .use(ICU)
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: false,
      ns: [...namespaces],
      defaultNS: namespaces[0],
      resources: {},
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
      returnNull: false,
      // A key the catalogue lacks is shown as the key itself; record it so browser tests can fail on it.
      saveMissing: true,
      missingKeyHandler: (_languages, namespace, key) => {
        const seen = window as unknown as { dulyMissingKeys?: string[] };
        seen.dulyMissingKeys ??= [];
        seen.dulyMissingKeys.push(`${i18next.language}/${namespace}:${key}`);
      },
    });
  await loadBundles(i18next, language, namespaces);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  return i18next;
}

/** Switches the whole page to another language and remembers the choice on this device. */
export async function switchLanguage(language: Language): Promise<void> {
  await loadBundles(i18next, language, i18next.options.ns as string[]);
  await i18next.changeLanguage(language);
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}
