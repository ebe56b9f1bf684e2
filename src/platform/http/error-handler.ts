import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, ERROR_CODES, type ErrorCode, errorSpec } from '../errors.ts';

export type ErrorBody = {
  error: { type: string; code: string; message: string; param?: string; request_id: string };
};

export function errorBody(code: string, message: string, requestId: string, param?: string): ErrorBody {
  return { error: { type: errorSpec(code).type, code, message, ...(param ? { param } : {}), request_id: requestId } };
}

/**
 * One entry of `error.validation` as fastify-type-provider-zod builds it from a zod issue:
 * the issue code is `keyword`, its path is `instancePath` ('/items/0/price') and the rest of the
 * issue (keys, union branches, custom params) is in `params`.
 */
type ValidationEntry = { keyword?: string; instancePath?: string; message?: string; params?: Omit<Issue, 'code' | 'path' | 'message'> };
type RawIssue = { code?: string; path?: PropertyKey[]; message?: string; keys?: string[]; errors?: RawIssue[][]; params?: { code?: string } };
type Issue = { code?: string; path: string[]; message?: string; keys?: string[]; errors?: RawIssue[][]; params?: { code?: string } };

/** `items.0.price` -> `items[0][price]`, the way Stripe names a nested parameter. */
function paramName(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return (head ?? '') + rest.map((p) => `[${p}]`).join('');
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A value matching no branch of a union: report the branch it came closest to (fewest issues). */
function narrowUnion(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
  const inner = closest?.[0];
  if (!inner) return issue;
  return narrowUnion({ ...inner, path: [...issue.path, ...(inner.path ?? []).map(String)] });
}

function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

function fromValidation(
  error: FastifyError & { validation: unknown[] },
  where: string,
  request: FastifyRequest,
): { code: ErrorCode; message: string; param?: string } {
  const first = error.validation[0] as ValidationEntry | undefined;
  const issue = narrowUnion({
    ...first?.params,
    code: first?.keyword,
    message: first?.message,
    path: (first?.instancePath ?? '').split('/').filter((p) => p.length > 0),
  });
  const { path } = issue;
  if (issue.code === 'unrecognized_keys') {
    const key = paramName([...path, issue.keys?.[0] ?? '']);
    return { code: 'parameter_unknown', message: `Received unknown parameter: ${key}`, param: key };
  }
  const param = path.length ? paramName(path) : undefined;
  // zod does not report the input, so look at what the client sent to tell "missing" from "wrong".
  const sent = { querystring: request.query, params: request.params, headers: request.headers }[where] ?? request.body;
  if (issue.code === 'invalid_type' && path.length > 0 && valueAt(sent, path) === undefined) {
    return { code: 'parameter_missing', message: `Missing required parameter: ${param}`, param };
  }
  const detail = issue.message ?? 'is invalid';
  // A schema may name a more precise code from the error table, e.g. currency_unknown.
  const code = isKnownCode(issue.params?.code) ? issue.params.code : 'parameter_invalid';
  return { code, message: `Invalid ${param ?? where}: ${detail}`, param };
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
    const { code, message, param } = fromValidation(error as never, error.validationContext ?? 'body', request);
    return reply.status(errorSpec(code).status).send(errorBody(code, message, requestId, param));
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
