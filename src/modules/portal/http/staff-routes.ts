import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { createPortalLink } from '../app/create-portal-link.ts';

/** Staff hand a client a portal sign-in link: sent by email or Telegram, or copied by hand. */
export function portalLinkRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/v1/customers/:id/portal_link',
      {
        // Any member may hand a client their portal link (it grants only that client's own view).
        config: { minRole: 'staff' },
        schema: {
          params: idParams,
          body: z.strictObject({ channel: z.enum(['email', 'telegram', 'none']).default('none') }),
          tags: ['portal'],
          description: 'A single-use client portal sign-in link (30 minutes). `channel` sends it by email or Telegram; `none` only returns it.',
        },
      },
      async (req) => {
        const link = await createPortalLink(ctx, tenantOf(req), req.params.id, req.body.channel);
        return { object: 'portal_link' as const, customer: req.params.id, channel: req.body.channel, url: link.url, expires_at: unix(link.expiresAt) };
      },
    );
  };
}
