/**
 * Everything Duly says to a person, in English, Vietnamese, Latvian, Thai and Armenian.
 *
 * Catalogues: `locales/<locale>/<namespace>.json`. Every JSON file in a locale folder is a
 * namespace and is loaded without code changes; a namespace must exist, with the same keys
 * and placeholders, in all five locales (the catalogue tests enforce it).
 *
 * Keys: `namespace:key.path`, e.g. `t('email:invoice_issued.subject', vars)` or
 * `t('common:field.amount_due')`. The namespace is always written out.
 *
 * Messages: ICU MessageFormat (i18next + i18next-icu). Variables are snake_case. Plurals use
 * the locale's CLDR categories (`{days_overdue, plural, one {# day} other {# days}}`; Latvian
 * also has `zero`, Thai and Vietnamese only `other`); choices use `select` (for example
 * `payment_mode`: autopay | other). Money and dates are passed in already formatted with
 * `formatMoney` / `formatDate`, because the time zone and the currency's minor units are the
 * caller's to know.
 *
 * Output is plain text: messages contain no markup, and paragraphs are separated by a blank
 * line, so an HTML renderer escapes the rendered text and wraps each paragraph in <p>.
 *
 * A key missing in a locale throws `MissingTranslationError` (no fallback language), and a
 * message whose variables are missing throws too: nobody ever receives "{amount_due}".
 */
export type { Catalogues, MessageTree } from './catalogues.ts';
export { formatDate, formatMoney, formatNumber } from './format.ts';
export { isSupportedLocale, resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from './locale.ts';
export { MissingTranslationError, type Translate, translator } from './translator.ts';
