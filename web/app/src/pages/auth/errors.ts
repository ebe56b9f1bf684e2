import { ApiError } from '@shared/api.ts';

/** The server's message for a failed call, on the field it names when the form has one. */
export function splitError(error: unknown, fields: readonly string[]): { field: Record<string, string>; general: string | null } {
  if (!error) return { field: {}, general: null };
  if (error instanceof ApiError && error.param && fields.includes(error.param)) return { field: { [error.param]: error.message }, general: null };
  return { field: {}, general: error instanceof Error ? error.message : String(error) };
}

export function isRateLimited(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'sign_in_rate_limited';
}
