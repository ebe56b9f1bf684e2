/**
 * The browser's one way to call the Duly server. Cookies carry the session; unsafe methods
 * add the CSRF token (double-submit: the server set it in the readable `duly_csrf` cookie).
 * Every failure becomes an ApiError with the server's error code, message and parameter; the
 * message is the user's language from the `errors` catalogue when it has the code.
 */
import i18next from 'i18next';

export type ApiErrorBody = { error: { type: string; code: string; message: string; param?: string; request_id?: string } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    /** The server's own (English) message, often more specific than the translated `message`. */
    readonly serverMessage: string = message,
  ) {
    super(message);
  }
}

/**
 * What the user reads for a failed call: `errors:<code>` in the page's language. In English the
 * server's message is kept when it sent one, since it can be more specific ("Invalid name: ...").
 */
function userMessage(code: string, serverMessage: string | undefined): string | undefined {
  const key = `errors:${code}`;
  if (!i18next.isInitialized || !i18next.exists(key)) return undefined;
  if (serverMessage && i18next.resolvedLanguage === 'en') return undefined;
  return i18next.t(key);
}

function csrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((part) => part.startsWith('duly_csrf='))
    ?.slice('duly_csrf='.length);
}

export type RequestOptions = { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; idempotencyKey?: string; signal?: AbortSignal };

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = decodeURIComponent(token);
    headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (data as ApiErrorBody | undefined)?.error;
    const code = error?.code ?? 'network_error';
    const serverMessage = error?.message ?? response.statusText;
    throw new ApiError(response.status, code, userMessage(code, error?.message) ?? serverMessage, error?.param, serverMessage);
  }
  return data as T;
}

/** A Stripe-style list page. */
export type ListPage<T> = { object: 'list'; data: T[]; has_more: boolean };

/** Builds `path?key=value` from the defined entries only. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
