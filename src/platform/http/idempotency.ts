import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { idempotencyKeys } from '../../modules/tenants/index.ts';
import { fail } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * Stripe-style idempotency: the first response to a POST with an Idempotency-Key is stored and
 * replayed for repeats; the same key with different parameters is refused.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.tenant) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) fail('idempotency_key_invalid');
    const tenantId = request.tenant.id;
    const hash = requestHash(request);
    const inserted = await ctx.db
      .insert(idempotencyKeys)
      .values({ tenantId, key, requestHash: hash, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0) {
      request.idempotencyKey = key;
      return;
    }
    const [stored] = await ctx.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    if (!stored || stored.requestHash !== hash) fail('idempotency_key_reused', undefined, 'Idempotency-Key');
    if (stored.statusCode === null) fail('idempotency_key_in_use', undefined, 'Idempotency-Key');
    reply.header('idempotent-replayed', 'true');
    return reply.status(stored.statusCode).send(stored.responseBody);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key || !request.tenant) return payload;
    const where = and(eq(idempotencyKeys.tenantId, request.tenant.id), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.statusCode));
    if (reply.statusCode >= 500) {
      // Nothing was done that a retry could repeat harmfully: let the client try again.
      await ctx.db.delete(idempotencyKeys).where(where);
    } else {
      const body = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null;
      await ctx.db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseBody: body }).where(where);
    }
    return payload;
  });
}
