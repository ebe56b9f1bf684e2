import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Browser-facing protections on every response. HTML pages get a Content-Security-Policy that
 * only lets our own scripts run, plus Stripe.js for card entry; API responses are never cached
 * (they carry customer data and one-time secrets) and never sniffed into HTML.
 */

const STRIPE_JS = 'https://js.stripe.com';

/** The policy for our HTML pages (back office, portal, card-update page). */
export function pageCsp(nonce?: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${STRIPE_JS}${nonce ? ` 'nonce-${nonce}'` : ''}`,
    `frame-src ${STRIPE_JS} https://hooks.stripe.com`,
    "connect-src 'self' https://api.stripe.com",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Swagger UI (/docs) is our own static files too, but draws its logo and schemas from data: URLs and workers. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Public web forms (/f/...) are made to be framed by the business's own site, whichever it is;
 * scripts still come from this origin only (the ALTCHA widget, its worker and the page script are
 * served by us, nothing inline), and the page can talk to and post to this origin only.
 */
const FORM_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  'frame-ancestors *',
].join('; ');

/** Non-HTML responses run nothing even if a browser is tricked into rendering them. */
const RESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'";

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), usb=(), payment=(self "https://js.stripe.com")';

const NO_STORE_PREFIXES = ['/v1/', '/auth/', '/portal/api/'];

const nonces = new WeakMap<FastifyRequest, string>();

/**
 * A per-response nonce for a server-rendered page's inline script (the card-update page): the
 * page puts it on its `<script nonce="...">`, the policy names it, and injected markup cannot guess it.
 */
export function scriptNonce(reply: FastifyReply): string {
  let nonce = nonces.get(reply.request);
  if (!nonce) {
    nonce = randomBytes(16).toString('base64');
    nonces.set(reply.request, nonce);
  }
  return nonce;
}

function isHtml(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/html');
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request);
    const docs = path === '/docs' || path.startsWith('/docs/');
    const formPage = path.startsWith('/f/') && isHtml(reply);
    // A 304 has no content type, and a browser merges its headers into the cached page: a
    // resource policy there would block the page's own scripts on every reload.
    if (reply.statusCode !== 304) {
      reply.header('content-security-policy', formPage ? FORM_PAGE_CSP : isHtml(reply) ? (docs ? DOCS_CSP : pageCsp(nonces.get(request))) : RESOURCE_CSP);
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    // Not on form pages: a browser that predates frame-ancestors would obey DENY and refuse to frame them.
    if (!formPage) reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Only over TLS: a browser ignores it on http anyway, and sending it from a plain-http
    // development server would pin the name to https for a year.
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (path === '/v1' || NO_STORE_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/auth' || path === '/portal/api') {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
