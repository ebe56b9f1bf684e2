import { SUPPORTED_LOCALES, type SupportedLocale, translator } from '../../platform/i18n/index.ts';
import { assetUrl } from './assets.ts';

export type WebFormKind = 'signup' | 'order' | 'appointment';

export type FormPageInput = {
  businessName: string;
  /** The business's form address (slug or id). */
  ref: string;
  form: WebFormKind;
  locale: SupportedLocale;
  /** Shown inside another site's iframe: no outer margin. */
  embed: boolean;
  /** The business's today (YYYY-MM-DD): the earliest appointment date. */
  today: string;
};

/** Each language named in itself, for the switcher: a proper name, the same in every catalogue. */
const LANGUAGE_NAMES: Record<SupportedLocale, string> = { en: 'English', vi: 'Tiếng Việt', lv: 'Latviešu', th: 'ไทย', hy: 'Հայերեն' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
body.embed{margin:0 auto;padding:.5rem}h1{font-size:1.5rem;margin:.5rem 0}nav{font-size:.9rem}nav a,nav span{margin-right:.6rem}
label{display:block;font-weight:600;margin-top:1rem}input,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:6px}
textarea{min-height:6rem}.hint,.note{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}.field-error{color:#b00020;margin:.25rem 0}
[aria-invalid="true"]{border-color:#b00020}altcha-widget{display:block;margin:1.25rem 0}
button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#1f5fbf;color:#fff;cursor:pointer}button:disabled{opacity:.6}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}#form-thanks:focus{outline:none}`;

function shell(locale: SupportedLocale, title: string, embed: boolean, head: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin"><title>${escapeHtml(title)}</title><style>${STYLE}</style>${head}</head>
<body${embed ? ' class="embed"' : ''}>${body}</body></html>`;
}

function field(t: ReturnType<typeof translator>, name: string, input: string, options: { required?: boolean; hint?: string } = {}) {
  const hint = options.hint ? `<p class="hint" id="hint-${name}">${escapeHtml(options.hint)}</p>` : '';
  return `<label for="${name}">${escapeHtml(t(`forms:field.${name}`))}${options.required ? ' *' : ''}</label>${hint}${input}
<p class="field-error" id="error-${name}" hidden></p>`;
}

function fieldsOf(input: FormPageInput, t: ReturnType<typeof translator>): string {
  const described = (name: string, extra = '') => `aria-describedby="error-${name}${extra}"`;
  const parts = [
    field(t, 'name', `<input id="name" name="name" required maxlength="200" autocomplete="name" ${described('name')}>`, { required: true }),
    field(t, 'email', `<input id="email" name="email" type="email" maxlength="254" autocomplete="email" ${described('email')}>`),
    field(t, 'phone', `<input id="phone" name="phone" type="tel" maxlength="40" autocomplete="tel" ${described('phone', ' hint-phone')}>`, {
      hint: t('forms:field.phone_hint'),
    }),
  ];
  if (input.form === 'order') {
    parts.push(field(t, 'what', `<input id="what" name="what" required maxlength="500" ${described('what')}>`, { required: true }));
  }
  if (input.form === 'appointment') {
    parts.push(
      field(t, 'preferred_date', `<input id="preferred_date" name="preferred_date" type="date" required min="${input.today}" ${described('preferred_date')}>`, {
        required: true,
      }),
      field(t, 'preferred_time', `<input id="preferred_time" name="preferred_time" type="time" ${described('preferred_time')}>`),
    );
  }
  parts.push(field(t, 'message', `<textarea id="message" name="message" maxlength="5000" ${described('message')}></textarea>`));
  return parts.join('\n');
}

function languageSwitcher(input: FormPageInput, t: ReturnType<typeof translator>): string {
  const links = SUPPORTED_LOCALES.map((locale) =>
    locale === input.locale
      ? `<span aria-current="true" lang="${locale}">${LANGUAGE_NAMES[locale]}</span>`
      : `<a href="?lang=${locale}${input.embed ? '&amp;embed=1' : ''}" lang="${locale}" hreflang="${locale}">${LANGUAGE_NAMES[locale]}</a>`,
  );
  return `<nav aria-label="${escapeHtml(t('forms:page.language'))}">${links.join('')}</nav>`;
}

/**
 * A business's public form, server-rendered in one language: plain HTML, the ALTCHA widget and
 * our small script (form-client.js), all served by this server. No inline script, so the page
 * runs under a CSP that allows scripts from this origin only.
 */
export function formPage(input: FormPageInput): string {
  const t = translator(input.locale);
  const vars = { form: input.form, business_name: input.businessName };
  const title = t('forms:page.title', vars);
  const base = `/forms/api/${encodeURIComponent(input.ref)}`;
  const head = `<link rel="stylesheet" href="${assetUrl('altcha.css')}">
<script type="module" src="${assetUrl('altcha.js')}"></script><script type="module" src="${assetUrl(`i18n/${input.locale}.js`)}"></script>
<script type="module" src="${assetUrl('form.js')}"></script>`;
  const body = `${languageSwitcher(input, t)}
<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(t('forms:page.intro', vars))}</p>
<form id="duly-form" method="post" action="${base}/${input.form}?lang=${input.locale}" data-worker="${assetUrl('pbkdf2.js')}"
 data-sending="${escapeHtml(t('forms:page.sending'))}" data-failed="${escapeHtml(t('forms:page.failed'))}">
<p class="note">${escapeHtml(t('forms:page.required_note'))}</p>
${fieldsOf(input, t)}
<div class="hp" aria-hidden="true"><label for="website">${escapeHtml(t('forms:page.honeypot'))}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<altcha-widget challenge="${base}/challenge" language="${input.locale}" name="altcha" auto="onfocus"></altcha-widget>
<button type="submit">${escapeHtml(t('forms:page.send'))}</button>
<p class="note">${escapeHtml(t('forms:page.privacy', vars))}</p>
</form>
<p id="form-status" role="status" aria-live="polite"></p>
<section id="form-thanks" tabindex="-1" hidden><h2>${escapeHtml(t('forms:thanks.title'))}</h2><p>${escapeHtml(t('forms:thanks.body', vars))}</p></section>
</main>`;
  return shell(input.locale, `${title} · ${input.businessName}`, input.embed, head, body);
}

/** An unknown business or form: a page saying so, in the visitor's language. */
export function formNotFoundPage(locale: SupportedLocale): string {
  const t = translator(locale);
  return shell(
    locale,
    t('forms:not_found.title'),
    false,
    '',
    `<main><h1>${escapeHtml(t('forms:not_found.title'))}</h1><p>${escapeHtml(t('forms:not_found.body'))}</p></main>`,
  );
}
