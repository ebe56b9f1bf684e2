import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, ERROR_CODES, type ErrorCode, errorSpec } from '../errors.ts';

export type ErrorBody = {
  error: { type: string; code: string; message: string; param?: string; request_id: string };
};

export function errorBody(code: string, message: string, requestId: string, param?: string): ErrorBody {
  return { error: { type: errorSpec(code).type, code, message, ...(param ? { param } : {}), request_id: requestId } };
}

type ZodIssueLike = { code?: string; path?: PropertyKey[]; keys?: string[]; message?: string; input?: unknown; expected?: string };

/** `items.0.price` -> `items[0][price]`, the way Stripe names a nested parameter. */
function paramName(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return (head ?? '') + rest.map((p) => `[${p}]`).join('');
}

function fromValidation(error: FastifyError & { validation: unknown[] }, where: string): { code: ErrorCode; message: string; param?: string } {
  const first = error.validation[0] as { params?: { issue?: ZodIssueLike }; message?: string } | undefined;
  const issue = first?.params?.issue;
  const path = issue?.path ?? [];
  if (issue?.code === 'unrecognized_keys') {
    const key = paramName([...path, issue.keys?.[0] ?? '']);
    return { code: 'parameter_unknown', message: `Received unknown parameter: ${key}`, param: key };
  }
  const param = path.length ? paramName(path) : undefined;
  if (issue?.code === 'invalid_type' && issue.input === undefined) {
    return { code: 'parameter_missing', message: `Missing required parameter: ${param ?? where}`, param };
  }
  const detail = issue?.message ?? first?.message ?? 'is invalid';
  return { code: 'parameter_invalid', message: `Invalid ${param ?? where}: ${detail}`, param };
}

/** The one place errors become HTTP responses: known codes get their 4xx, anything else is a 500 and is logged. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const requestId = request.id;
  if ((error as unknown) instanceof DomainError) {
    const spec = errorSpec(error.code);
    const domainError = error as DomainError;
    return reply.status(spec.status).send(errorBody(domainError.code, domainError.message, requestId, domainError.param));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const { code, message, param } = fromValidation(error as never, error.validationContext ?? 'body');
    return reply.status(400).send(errorBody(code, message, requestId, param));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.status(400).send(errorBody('body_invalid_json', ERROR_CODES.body_invalid_json.message, requestId));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = error.statusCode === 404 ? 'route_not_found' : 'parameter_invalid';
    return reply.status(error.statusCode).send(errorBody(code, error.message, requestId));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', ERROR_CODES.internal_error.message, requestId));
}
