import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { unix } from '../../../platform/http/dto.ts';
import { scriptNonce } from '../../../platform/http/security-headers.ts';
import { completeCardUpdate, openCardUpdateLink } from '../index.ts';
import { cardUpdateErrorPage, cardUpdatePage } from './card-update-page.ts';
import { paymentMethodDto } from './dto.ts';

// A wildcard, not `:token`: the signed token is longer than Fastify's 100-character limit on a parameter.
const tokenParams = z
  .strictObject({
    '*': z
      .string()
      .min(20)
      .max(1000)
      .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'is not a card-update link' }),
  })
  .transform((p) => ({ token: p['*'] }));

/**
 * The client's side of a card-update link: public (the signed token is the credential), for one
 * customer of one business, until it expires or is used.
 */
export function cardUpdateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { public: true };
    const tags = ['card updates'];
    app.get('/v1/card_update/*', { config, schema: { params: tokenParams, tags, security: [] } }, async (req) => {
      const link = await openCardUpdateLink(ctx, req.params.token);
      return {
        object: 'card_update' as const,
        business: { name: link.tenant.name },
        customer: { name: link.customer.name },
        current_card: link.card ? { brand: link.card.brand, last4: link.card.last4, exp_month: link.card.expMonth, exp_year: link.card.expYear } : null,
        gateway: link.gateway,
        client_secret: link.clientSecret,
        publishable_key: link.publishableKey,
        expires_at: unix(link.expiresAt),
      };
    });
    // The page the link in the message opens (the JSON endpoints above are what it calls).
    app.get('/card-update/*', { schema: { hide: true } }, async (req, reply) => {
      const token = (req.params as { '*': string })['*'];
      try {
        if (!tokenParams.safeParse({ '*': token }).success) fail('card_update_link_invalid');
        const html = cardUpdatePage(await openCardUpdateLink(ctx, token), token, scriptNonce(reply));
        // A page that takes card details is never framed by another site (clickjacking) nor cached.
        return reply
          .type('text/html; charset=utf-8')
          .headers({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" })
          .send(html);
      } catch (error) {
        return cardUpdateErrorPage(reply, error, req.headers['accept-language']);
      }
    });
    app.post(
      '/v1/card_update/*',
      { config, schema: { params: tokenParams, body: z.strictObject({ payment_method: z.string().min(1).max(200) }), tags, security: [] } },
      async (req) => ({
        object: 'card_update' as const,
        status: 'succeeded' as const,
        payment_method: paymentMethodDto(await completeCardUpdate(ctx, req.params.token, req.body.payment_method)),
      }),
    );
  };
}
