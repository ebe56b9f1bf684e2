// The tenants domain file, not the module's index.ts: the list is pure data, and the index
// would pull the tenants module's database and use-case code into every i18n caller.
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../modules/tenants/domain/tenant.ts';

export { SUPPORTED_LOCALES, type SupportedLocale };

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The first of the customer's preferred locales that Duly speaks, else the fallback (usually
 * the business's locale), else English. Accepts a list (`['vi-VN', 'en']`), one tag, or an
 * Accept-Language header (`'lv-LV,lv;q=0.9,en;q=0.8'`, ordered by q). Only the language
 * subtag matters: 'vi-VN' and 'vi_VN' resolve to 'vi'.
 */
export function resolveLocale(preferred: string[] | string | null | undefined, fallback: string): SupportedLocale {
  const candidates = typeof preferred === 'string' ? parseAcceptLanguage(preferred) : (preferred ?? []);
  for (const tag of candidates) {
    const locale = languageOf(tag);
    if (locale) return locale;
  }
  return languageOf(fallback) ?? SUPPORTED_LOCALES[0];
}

function languageOf(tag: string): SupportedLocale | undefined {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isSupportedLocale(language) ? language : undefined;
}

function parseAcceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
