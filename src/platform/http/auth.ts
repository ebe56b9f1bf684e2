import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { authenticateApiKey, type TenantContext } from '../../modules/tenants/index.ts';
import { fail } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant?: TenantContext;
  }
  interface FastifyContextConfig {
    /** A /v1 route reached without an API key (a gateway's signed webhook, a client's signed link). */
    public?: boolean;
  }
}

/** Every /v1 call is made by a business with its API key: `Authorization: Bearer sk_...`. */
export function registerApiKeyAuth(app: FastifyInstance, ctx: AppContext) {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/v1/') || request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    if (!header) fail('api_key_missing');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) fail('api_key_missing');
    request.tenant = await authenticateApiKey(ctx, match[1]);
  });
}

export function tenantOf(request: FastifyRequest): TenantContext {
  if (!request.tenant) fail('api_key_missing');
  return request.tenant;
}
