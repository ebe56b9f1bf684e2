import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';

const errorShape = z.object({
  error: z.object({
    type: z.string(),
    code: z.string(),
    message: z.string(),
    param: z.string().optional(),
    request_id: z.string(),
  }),
});

/**
 * The OpenAPI error responses of every /v1 route, built from the one error table: each status
 * lists the codes that answer with it, so the documentation cannot drift from the behaviour.
 */
export function errorResponses(): Record<number, z.ZodType> {
  const byStatus = new Map<number, string[]>();
  for (const [code, spec] of Object.entries(ERROR_CODES)) byStatus.set(spec.status, [...(byStatus.get(spec.status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()].map(([status, codes]) => [
      status,
      errorShape.describe(`Error. \`error.code\` is one of: ${codes.map((c) => `\`${c}\``).join(', ')}.`),
    ]),
  );
}
