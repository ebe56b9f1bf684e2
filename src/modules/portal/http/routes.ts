import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { DomainError, fail } from '../../../platform/errors.ts';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/index.ts';
import { renderInvoiceDocument, renderStatementDocument } from '../../documents/index.ts';
import { getPortalProfile } from '../app/get-portal-profile.ts';
import { getPortalInvoice, listPortalInvoices } from '../app/list-portal-invoices.ts';
import { listPortalPayments } from '../app/list-portal-payments.ts';
import { payPortalInvoice } from '../app/pay-portal-invoice.ts';
import { authenticatePortalSession, type PortalClient, signInWithToken, signOutPortal } from '../app/portal-session.ts';
import { requestMagicLink } from '../app/request-magic-link.ts';
import { savePortalCard, startPortalCardSetup } from '../app/save-portal-card.ts';
import { setPortalAutopay } from '../app/set-portal-autopay.ts';
import { updatePortalLanguage } from '../app/update-portal-language.ts';
import { RATE_LIMITS, SESSION_DAYS, sameSecret } from '../domain/secrets.ts';
import { clearPortalCookies, readCookie, SESSION_COOKIE, setPortalCookies } from './cookies.ts';
import { historyDto, portalInvoiceDto, profileDto } from './dto.ts';

declare module 'fastify' {
  interface FastifyRequest {
    portal?: PortalClient;
  }
}

const PREFIX = '/portal/api';
const schema = { hide: true };
const invoiceParams = z.strictObject({ id: z.string().min(1).max(64) });
const paymentMethod = z.string().min(1).max(200);

function clientOf(request: FastifyRequest): PortalClient {
  if (!request.portal) fail('portal_sign_in_required');
  return request.portal;
}

function sendPdf(reply: FastifyReply, doc: { filename: string; contentType: string; content: Buffer }) {
  return reply.type(doc.contentType).header('content-disposition', `attachment; filename="${doc.filename}"`).send(doc.content);
}

/**
 * Every call of a signed-in client: the session cookie names one customer of one business, and
 * every use case below is scoped to exactly that customer. Unsafe calls must echo the CSRF token.
 * The tenant is set so POSTs get the API's idempotency (keys namespaced per client).
 */
function authenticate(ctx: AppContext) {
  return async (request: FastifyRequest) => {
    const client = await authenticatePortalSession(ctx, readCookie(request, SESSION_COOKIE));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameSecret(given, client.csrfToken)) fail('portal_csrf_invalid');
    }
    request.portal = client;
    request.tenant = client.tenant;
    const key = request.headers['idempotency-key'];
    if (typeof key === 'string' && key.length > 0 && key.length <= 200) request.headers['idempotency-key'] = `portal:${client.customerId}:${key}`;
  };
}

function signedInRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.addHook('onRequest', authenticate(ctx));

    r.post(`${PREFIX}/sign_out`, { schema }, async (req, reply) => {
      await signOutPortal(ctx, clientOf(req));
      clearPortalCookies(req, reply);
      return { signed_out: true };
    });
    r.get(`${PREFIX}/me`, { schema }, async (req) => profileDto(await getPortalProfile(ctx, clientOf(req))));
    r.post(`${PREFIX}/me`, { schema: { ...schema, body: z.strictObject({ language: z.enum(SUPPORTED_LOCALES) }) } }, async (req) => {
      await updatePortalLanguage(ctx, clientOf(req), req.body.language);
      return profileDto(await getPortalProfile(ctx, clientOf(req)));
    });
    r.get(`${PREFIX}/invoices`, { schema }, async (req) => {
      const rows = await listPortalInvoices(ctx, clientOf(req));
      return { object: 'list' as const, has_more: false, data: rows.map((row) => portalInvoiceDto(row)) };
    });
    r.get(`${PREFIX}/invoices/:id`, { schema: { ...schema, params: invoiceParams } }, async (req) => {
      const { invoice, lines } = await getPortalInvoice(ctx, clientOf(req), req.params.id);
      return portalInvoiceDto(invoice, lines);
    });
    r.get(`${PREFIX}/invoices/:id/pdf`, { schema: { ...schema, params: invoiceParams } }, async (req, reply) => {
      const client = clientOf(req);
      await getPortalInvoice(ctx, client, req.params.id);
      return sendPdf(reply, await renderInvoiceDocument(ctx, client.tenant, req.params.id));
    });
    r.get(`${PREFIX}/statement.pdf`, { schema }, async (req, reply) => {
      const client = clientOf(req);
      const to = client.tenant.now;
      const from = new Date(to.getTime() - 365 * 86_400_000);
      return sendPdf(reply, await renderStatementDocument(ctx, client.tenant, client.customerId, { from, to }));
    });
    r.get(`${PREFIX}/payments`, { schema }, async (req) => {
      const entries = await listPortalPayments(ctx, clientOf(req));
      return { object: 'list' as const, has_more: false, data: entries.map(historyDto) };
    });
    r.post(
      `${PREFIX}/invoices/:id/pay`,
      { schema: { ...schema, params: invoiceParams, body: z.strictObject({ payment_method: paymentMethod.optional() }).optional() } },
      async (req) => {
        const { invoice, lines } = await payPortalInvoice(ctx, clientOf(req), req.params.id, req.body?.payment_method);
        return portalInvoiceDto(invoice, lines);
      },
    );
    r.post(`${PREFIX}/card/setup`, { schema }, async (req) => {
      const setup = await startPortalCardSetup(ctx, clientOf(req));
      return { gateway: setup.gateway, client_secret: setup.clientSecret, publishable_key: setup.publishableKey };
    });
    r.post(`${PREFIX}/card`, { schema: { ...schema, body: z.strictObject({ payment_method: paymentMethod }) } }, async (req) => {
      const card = await savePortalCard(ctx, clientOf(req), req.body.payment_method);
      return { brand: card.brand, last4: card.last4, exp_month: card.expMonth, exp_year: card.expYear };
    });
    r.post(`${PREFIX}/autopay`, { schema: { ...schema, body: z.strictObject({ enabled: z.boolean() }) } }, async (req) => {
      await setPortalAutopay(ctx, clientOf(req), req.body.enabled);
      return profileDto(await getPortalProfile(ctx, clientOf(req)));
    });
  };
}

/** The client portal's JSON API under /portal/api (the page itself is served by the web app). */
export function portalRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      `${PREFIX}/magic_link`,
      { schema: { ...schema, body: z.strictObject({ business_id: z.string().min(1).max(64), email: z.email().max(320) }) } },
      async (req, reply) => {
        try {
          await requestMagicLink(ctx, { businessId: req.body.business_id, email: req.body.email, ip: req.ip });
        } catch (error) {
          if (error instanceof DomainError && error.code === 'portal_rate_limited')
            reply.header('retry-after', String(RATE_LIMITS.perEmail.windowMinutes * 60));
          throw error;
        }
        // The same answer whether or not the email is a client's: nobody learns who is.
        return { sent: true };
      },
    );
    app.post(`${PREFIX}/sign_in`, { schema: { ...schema, body: z.strictObject({ token: z.string().min(20).max(200) }) } }, async (req, reply) => {
      const session = await signInWithToken(ctx, req.body.token);
      setPortalCookies(req, reply, { token: session.session, csrfToken: session.csrfToken, maxAgeSeconds: SESSION_DAYS * 86_400 });
      return { signed_in: true, business_id: session.tenantId };
    });
    await app.register(signedInRoutes(ctx));
  };
}
