import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import type { openCardUpdateLink } from '../index.ts';

type Link = Awaited<ReturnType<typeof openCardUpdateLink>>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const brandName = (brand: string) => brand.charAt(0).toUpperCase() + brand.slice(1);

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
button{padding:.6rem 1.2rem;font-size:1rem}#card{padding:.8rem;border:1px solid #ccc;border-radius:6px;margin:.5rem 0 1rem}
select{font-size:1rem;padding:.4rem;margin:.5rem 0 1rem}.note{color:#555;font-size:.9rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * The small page behind the link in a failed-payment or card-expiry message, in the client's
 * language. With Stripe the card goes from the browser to Stripe (Stripe.js confirms the link's
 * SetupIntent) and only the resulting payment method id comes to us; with the sandbox the client
 * picks a test card. Either way the page then calls POST /v1/card_update/<token>.
 * `nonce` lets the inline script run under the Content-Security-Policy (http/security-headers.ts).
 */
export function cardUpdatePage(link: Link, token: string, nonce: string): string {
  const locale = resolveLocale(link.customer.preferredLocales, link.tenant.locale);
  const t = translator(locale);
  const vars = { customer_name: link.customer.name, business_name: link.tenant.name };
  const card = link.card
    ? `<p>${escapeHtml(
        t('cards:page.current_card', {
          card_brand: brandName(link.card.brand),
          card_last4: link.card.last4,
          expiry_month: String(link.card.expMonth).padStart(2, '0'),
          expiry_year: String(link.card.expYear),
        }),
      )}</p>`
    : '';
  const input =
    link.gateway === 'stripe'
      ? `<label>${escapeHtml(t('cards:page.card_label'))}</label><div id="card"></div>`
      : `<label for="test-card">${escapeHtml(t('cards:page.test_card_label'))}</label><br><select id="test-card">
<option value="pm_card_visa">Visa 4242</option><option value="pm_card_mastercard">Mastercard 4444</option></select>`;
  const config = JSON.stringify({
    token,
    gateway: link.gateway,
    publishableKey: link.publishableKey,
    clientSecret: link.clientSecret,
    saving: t('cards:page.saving'),
    saved: t('cards:page.saved'),
    failed: t('cards:page.failed'),
  }).replace(/</g, '\\u003c');
  const script = `<script nonce="${nonce}">
const c = ${config};
const button = document.getElementById('save'), status = document.getElementById('status');
let stripe, cardElement;
if (c.gateway === 'stripe') { stripe = Stripe(c.publishableKey); cardElement = stripe.elements().create('card'); cardElement.mount('#card'); }
button.addEventListener('click', async () => {
  button.disabled = true; status.textContent = c.saving;
  try {
    let paymentMethod = document.getElementById('test-card')?.value;
    if (stripe) {
      const result = await stripe.confirmCardSetup(c.clientSecret, { payment_method: { card: cardElement } });
      if (result.error) throw new Error(result.error.message);
      paymentMethod = result.setupIntent.payment_method;
    }
    const response = await fetch('/v1/card_update/' + c.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payment_method: paymentMethod }) });
    if (!response.ok) throw new Error((await response.json()).error.message);
    document.getElementById('form').remove(); status.textContent = c.saved;
  } catch (error) { status.textContent = c.failed + ' (' + error.message + ')'; button.disabled = false; }
});
</script>`;
  const body = `<p>${escapeHtml(t('cards:page.intro', vars))}</p>${card}
<div id="form">${input}<br><button id="save" type="button">${escapeHtml(t('cards:page.submit'))}</button></div>
<p id="status" role="status"></p><p class="note">${escapeHtml(t('cards:page.secure_note', vars))}</p>
${link.gateway === 'stripe' ? '<script src="https://js.stripe.com/v3/"></script>' : ''}${script}`;
  return page(locale, t('cards:page.title'), body);
}

/** An expired, used or broken link gets a page saying so, in the browser's language. */
export function cardUpdateErrorPage(reply: FastifyReply, error: unknown, acceptLanguage: string | undefined) {
  const linkErrors = ['card_update_link_invalid', 'card_update_link_expired', 'card_update_link_used', 'resource_missing', 'parameter_invalid'];
  if (!(error instanceof DomainError) || !linkErrors.includes(error.code)) throw error;
  const locale = resolveLocale(
    (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim()),
    'en',
  );
  const t = translator(locale);
  const key = error.code === 'card_update_link_expired' ? 'expired' : error.code === 'card_update_link_used' ? 'used' : 'invalid';
  const status = key === 'invalid' ? 404 : 410;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(page(locale, t('cards:page.title'), `<p>${escapeHtml(t(`cards:link.${key}`))}</p>`));
}
