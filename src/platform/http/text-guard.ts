import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';

/** The path of the first string holding a NUL character, Stripe-style (`lines[0][description]`), or null. */
function findNul(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = findNul(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold a NUL character, so a URL, query or body carrying one would fail
 * deep in a query as a 500. Refuse it up front as a bad parameter instead.
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const part of [request.params, request.query, request.body]) {
      const path = findNul(part, []);
      if (!path) continue;
      const [head, ...rest] = path;
      const param = (head ?? '') + rest.map((p) => `[${p}]`).join('');
      fail('parameter_invalid', `Invalid ${param || 'request'}: must not contain a NUL character`, param || undefined);
    }
  });
}
