import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { type Catalogues, loadCatalogues } from './catalogues.ts';
import { isSupportedLocale, SUPPORTED_LOCALES, type SupportedLocale } from './locale.ts';

/** Renders `namespace:key.path` with snake_case variables; throws rather than show a key. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

/** A key that is absent (or names a group rather than a message) in a locale's catalogue. */
export class MissingTranslationError extends Error {
  constructor(
    readonly key: string,
    readonly locale: string,
  ) {
    super(`Missing translation "${key}" for locale "${locale}"`);
    this.name = 'MissingTranslationError';
  }
}

/**
 * Variables travel in i18next's options object, where these names change what i18next does
 * (which language, which namespace, default text...). Refusing them keeps a variable from
 * silently switching the language of a message.
 */
const RESERVED_VARIABLES = new Set([
  'lng',
  'lngs',
  'ns',
  'context',
  'defaultValue',
  'fallbackLng',
  'keyPrefix',
  'ordinal',
  'postProcess',
  'replace',
  'interpolation',
  'returnObjects',
  'returnDetails',
  'joinArrays',
]);

/**
 * One i18next instance for all locales, rendering ICU messages (intl-messageformat). No
 * fallback language: a message missing in Latvian must fail, not quietly appear in English.
 */
export function createI18n(catalogues: Catalogues): i18n {
  const instance = i18next.createInstance();
  instance.use(
    new ICU({
      // The default handler prints the raw message when formatting fails (e.g. a variable is
      // missing); rethrowing lets the translator report key and locale instead.
      parseErrorHandler: (err) => {
        throw err;
      },
    }),
  );
  const namespaces = [...new Set(Object.values(catalogues).flatMap((byNs) => Object.keys(byNs)))];
  void instance.init({
    resources: catalogues,
    lng: SUPPORTED_LOCALES[0],
    supportedLngs: [...SUPPORTED_LOCALES],
    fallbackLng: false,
    ns: namespaces,
    defaultNS: false,
    nsSeparator: ':',
    keySeparator: '.',
    initAsync: false,
    returnNull: false,
    returnEmptyString: true,
    returnObjects: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** A translate function over a given i18next instance (tests pass their own catalogues). */
export function createTranslator(instance: i18n, locale: SupportedLocale): Translate {
  if (!isSupportedLocale(locale)) throw new Error(`Unsupported locale "${String(locale)}"`);
  const t = instance.getFixedT(locale);
  return (key, vars = {}) => {
    const separator = key.indexOf(':');
    const ns = key.slice(0, separator);
    const path = key.slice(separator + 1);
    if (separator <= 0 || typeof instance.getResource(locale, ns, path) !== 'string') {
      throw new MissingTranslationError(key, locale);
    }
    const reserved = Object.keys(vars).find((name) => RESERVED_VARIABLES.has(name));
    if (reserved) throw new Error(`Variable "${reserved}" of "${key}" is reserved by i18next; rename it`);
    try {
      return t(key, vars) as string;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Cannot render "${key}" for locale "${locale}": ${reason}`, { cause: err });
    }
  };
}

let shared: i18n | undefined;
const translators = new Map<SupportedLocale, Translate>();

/** Translate function for one locale over the catalogues in `locales/` (loaded once). */
export function translator(locale: SupportedLocale): Translate {
  let t = translators.get(locale);
  if (!t) {
    shared ??= createI18n(loadCatalogues());
    t = createTranslator(shared, locale);
    translators.set(locale, t);
  }
  return t;
}
