import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { formAsset } from '../../../channels/webform/assets.ts';
import { embedScript } from '../../../channels/webform/embed-script.ts';
import { formNotFoundPage, formPage } from '../../../channels/webform/form-page.ts';
import { DomainError } from '../../../platform/errors.ts';
import { isSupportedLocale, resolveLocale, type SupportedLocale, translator } from '../../../platform/i18n/index.ts';
import { findForm, findFormBusiness } from '../app/find-form-business.ts';
import { issueCaptchaChallenge } from '../app/issue-captcha-challenge.ts';
import { submitForm } from '../app/submit-form.ts';
import { FORM_KINDS, localDateOf } from '../domain/form-fields.ts';
import { FormRateLimitedError } from '../domain/form-limits.ts';

const schema = { hide: true };
const ref = z.string().min(1).max(64);
const formParams = z.strictObject({ ref, form: z.string().min(1).max(32) });
const langQuery = z.looseObject({ lang: z.string().max(35).optional(), embed: z.string().max(5).optional() });
/** A form's fields are checked by the use case, so refusals come in the page's language rather than as schema errors. */
const formBody = z.record(z.string().max(64), z.unknown());

/** The form a POST is for, found once before the platform's idempotency hook needs the business. */
const postedForms = new WeakMap<FastifyRequest, Awaited<ReturnType<typeof findForm>>>();

/** ?lang= when it names one of our languages, else the browser's Accept-Language, else the business's language. */
function localeOf(request: FastifyRequest, fallback: string): SupportedLocale {
  const lang = (request.query as { lang?: string } | undefined)?.lang;
  if (isSupportedLocale(lang)) return lang;
  return resolveLocale(request.headers['accept-language'] ?? null, fallback);
}

function notFoundPage(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof DomainError) || error.code !== 'form_not_found') throw error;
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(formNotFoundPage(localeOf(request, 'en')));
}

/**
 * The public side of web forms (I1): no sign-in, one business per address. Pages and embed.js
 * for browsers, the ALTCHA challenge and the submission endpoint for the page's script (or any
 * client: JSON or form-encoded). Security headers for /f/ pages (framable by any site, scripts
 * from this origin only) are in platform/http/security-headers.ts.
 */
export function formRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Only this plugin reads form-encoded bodies (a plain HTML form post), as an object of strings.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.get('/forms/assets/*', { schema }, async (req, reply) => {
      const asset = formAsset((req.params as { '*': string })['*']);
      if (!asset) return reply.callNotFound();
      return reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
    });

    app.get('/f/:ref/embed.js', { schema: { ...schema, params: z.strictObject({ ref }) } }, async (req, reply) => {
      const business = await findFormBusiness(ctx, req.params.ref);
      const t = translator(resolveLocale(business.tenant.locale, 'en'));
      const defaultForm = FORM_KINDS.find((form) => business.settings.formsEnabled.includes(form)) ?? 'signup';
      const title = `${t('forms:page.title', { form: defaultForm })} · ${business.tenant.name}`;
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(embedScript({ ref: business.ref, title, defaultForm }));
    });

    app.get('/f/:ref/:form', { schema: { ...schema, params: formParams, querystring: langQuery } }, async (req, reply) => {
      try {
        const found = await findForm(ctx, req.params.ref, req.params.form);
        const html = formPage({
          businessName: found.tenant.name,
          ref: found.ref,
          form: found.form,
          locale: localeOf(req, found.tenant.locale),
          embed: req.query.embed === '1',
          today: localDateOf(found.tenant.now, found.tenant.timezone),
        });
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
      } catch (error) {
        return notFoundPage(req, reply, error);
      }
    });

    app.get('/forms/api/:ref/challenge', { schema: { ...schema, params: z.strictObject({ ref }) } }, async (req, reply) => {
      const business = await findFormBusiness(ctx, req.params.ref);
      return reply.header('cache-control', 'no-store').send(await issueCaptchaChallenge(ctx, business.tenant.id));
    });

    app.post(
      '/forms/api/:ref/:form',
      {
        schema: { ...schema, params: formParams, querystring: langQuery, body: formBody },
        bodyLimit: 65_536,
        // The business is known before the platform's idempotency hook runs, so a repeated
        // Idempotency-Key replays the first answer instead of sending the form twice.
        preValidation: async (req) => {
          const { ref: address, form } = req.params as { ref: string; form: string };
          const found = await findForm(ctx, address, form);
          postedForms.set(req, found);
          req.tenant = found.tenant;
          const key = req.headers['idempotency-key'];
          if (typeof key === 'string' && key.length > 0 && key.length <= 200) req.headers['idempotency-key'] = `form:${key}`;
        },
      },
      async (req, reply) => {
        const found = postedForms.get(req)!;
        const locale = localeOf(req, found.tenant.locale);
        try {
          const result = await submitForm(ctx, found, { form: found.form, body: req.body, ip: req.ip, locale });
          const t = translator(locale);
          return {
            object: 'form_submission' as const,
            id: result.id,
            status: 'received' as const,
            title: t('forms:thanks.title'),
            message: t('forms:thanks.body', { form: found.form, business_name: found.tenant.name }),
          };
        } catch (error) {
          if (error instanceof FormRateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
          throw error;
        }
      },
    );
  };
}
