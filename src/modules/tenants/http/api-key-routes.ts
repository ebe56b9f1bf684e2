import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey } from '../index.ts';

const createBody = z.strictObject({ name: z.string().trim().min(1, { error: 'must not be empty' }).max(100) });

/** Never the hash: a key is shown by its prefix, and in full only in the response that created it. */
const keyDto = (k: ApiKeyRow) => ({
  id: k.id,
  object: 'api_key' as const,
  name: k.name,
  prefix: k.keyPrefix,
  status: k.revokedAt ? ('revoked' as const) : ('active' as const),
  created: unix(k.createdAt),
  revoked_at: unix(k.revokedAt),
});

/** The API key this request came with, if it came with one (a staff session has none). */
function bearerKey(header: string | undefined): string | null {
  return (header && /^Bearer\s+(\S+)$/i.exec(header)?.[1]) || null;
}

// Read by the role hook: managing keys is for owners only, reading them too (names hint at integrations).
const ownerOnly = { minRole: 'owner' } as const;

/** GET/POST /v1/api_keys and POST /v1/api_keys/:id/revoke. */
export function apiKeyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['api_keys'];
    app.get('/v1/api_keys', { config: ownerOnly, schema: { querystring: listQuery, tags } }, async (req) => {
      const rows = await listApiKeys(ctx, tenantOf(req), { limit: req.query.limit, startingAfter: req.query.starting_after });
      return toList(rows.map(keyDto), req.query.limit, '/v1/api_keys');
    });
    app.post(
      '/v1/api_keys',
      { config: ownerOnly, schema: { body: createBody, tags, description: 'Creates a key; the response carries the full key, the only time it is shown.' } },
      async (req) => {
        const { row, secret } = await createApiKey(ctx, tenantOf(req), { name: req.body.name });
        return { ...keyDto(row), secret };
      },
    );
    app.post('/v1/api_keys/:id/revoke', { config: ownerOnly, schema: { params: idParams, tags } }, async (req) =>
      keyDto(await revokeApiKey(ctx, tenantOf(req), req.params.id, bearerKey(req.headers.authorization))),
    );
  };
}
