import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import type { TemplateName } from '../domain/templates.ts';

/** A message's subject and text in the client's language (their first supported locale, else the business's). */
export function renderMessage(template: TemplateName, preferredLocales: string[], businessLocale: string, vars: Record<string, unknown>) {
  const locale = resolveLocale(preferredLocales, businessLocale);
  const t = translator(locale);
  const key = template.includes(':') ? template : `email:${template}`;
  return { locale, subject: t(`${key}.subject`, vars), text: t(`${key}.body`, vars) };
}
