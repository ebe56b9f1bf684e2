import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { publicUrl } from '../../../platform/config.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import type { StripeSettingsRow } from '../../../providers/payments/stripe-accounts.ts';
import { configureStripe, getStripeSettings, receiveStripeEvent } from '../index.ts';

const key = (prefix: RegExp, example: string) =>
  z
    .string()
    .max(255)
    .regex(prefix, { error: `must look like ${example}` });
const settingsBody = z.strictObject({
  secret_key: key(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'sk_test_...').optional(),
  webhook_secret: key(/^whsec_[A-Za-z0-9]+$/, 'whsec_...').optional(),
  publishable_key: key(/^pk_(test|live)_[A-Za-z0-9]+$/, 'pk_test_...').optional(),
});

/** Secrets never go back over the wire: the secret key shows its last 4 characters, the webhook secret only that it is set. */
const settingsDto = (tenantId: string, s: StripeSettingsRow | null) => ({
  object: 'stripe_settings' as const,
  gateway: s ? ('stripe' as const) : ('sandbox' as const),
  secret_key: s ? `${s.secretKey.slice(0, s.secretKey.indexOf('_', 3) + 1)}...${s.secretKey.slice(-4)}` : null,
  webhook_secret: s ? ('set' as const) : null,
  secret_key_set: s !== null,
  webhook_secret_set: s !== null,
  publishable_key: s?.publishableKey ?? null,
  webhook_url: `${publicUrl()}/v1/webhooks/stripe/${tenantId}`,
  updated: unix(s?.updatedAt),
});

export function stripeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['stripe'];
    app.get('/v1/settings/stripe', { config: { minRole: 'owner' }, schema: { tags } }, async (req) =>
      settingsDto(tenantOf(req).id, await getStripeSettings(ctx, tenantOf(req))),
    );
    app.post('/v1/settings/stripe', { config: { minRole: 'owner' }, schema: { body: settingsBody, tags } }, async (req) =>
      settingsDto(tenantOf(req).id, await configureStripe(ctx, tenantOf(req), req.body)),
    );
  };
}

/** Public: Stripe calls it for one business, and only a signature made with that business's secret is accepted. */
export function stripeWebhookRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['stripe'];
    // Stripe signs the exact bytes it sends: keep them (this plugin only) for the signature check.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post(
      '/v1/webhooks/stripe/:tenantId',
      { config: { public: true }, schema: { params: z.strictObject({ tenantId: z.string().min(1).max(64) }), tags, security: [] } },
      async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
        const signature = req.headers['stripe-signature'];
        const event = await receiveStripeEvent(ctx, req.params.tenantId, raw, typeof signature === 'string' ? signature : undefined);
        return { received: true, ...event };
      },
    );
  };
}
