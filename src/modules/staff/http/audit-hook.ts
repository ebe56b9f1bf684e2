import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.ts';
import { recordAudit } from '../app/record-audit.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function targetOf(request: FastifyRequest, payload: unknown): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const fromParams = params.id ?? params.user_id;
  if (typeof fromParams === 'string') return fromParams;
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * S4: every successful change made through /v1 is written down with who made it (person or API
 * key), the route and the object it touched. Request bodies are never stored: they can hold secrets.
 * Written before the response leaves so a client that reads the log right after sees its change.
 */
export function registerAuditLog(app: FastifyInstance, ctx: AppContext) {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const actor = request.actor;
    if (!actor || !request.tenant || SAFE_METHODS.has(request.method)) return payload;
    if (reply.statusCode < 200 || reply.statusCode >= 300 || !request.url.startsWith('/v1/')) return payload;
    if (reply.getHeader('idempotent-replayed')) return payload;
    await recordAudit(ctx, {
      tenantId: request.tenant.id,
      actorType: actor.type,
      actorId: actor.id,
      actorEmail: actor.email ?? null,
      action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      targetId: targetOf(request, payload),
      statusCode: reply.statusCode,
      ip: request.ip,
    });
    return payload;
  });
}
