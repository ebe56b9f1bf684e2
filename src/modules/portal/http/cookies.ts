import type { FastifyReply, FastifyRequest } from 'fastify';

/** The portal's cookies live under /portal only, so they never mix with the back office's. */
export const SESSION_COOKIE = 'duly_portal';
export const CSRF_COOKIE = 'duly_csrf';
const PATH = '/portal';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Secure over https (behind a proxy that says so) or when DULY_SECURE_COOKIES=true. */
function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || process.env.DULY_SECURE_COOKIES === 'true';
}

function cookie(request: FastifyRequest, name: string, value: string, options: { maxAgeSeconds: number; httpOnly: boolean }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${PATH}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'SameSite=Lax',
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(secure(request) ? ['Secure'] : []),
  ].join('; ');
}

/** The session (HttpOnly) and the CSRF token the page echoes in X-CSRF-Token (readable by it). */
export function setPortalCookies(request: FastifyRequest, reply: FastifyReply, session: { token: string; csrfToken: string; maxAgeSeconds: number }) {
  reply.header('set-cookie', [
    cookie(request, SESSION_COOKIE, session.token, { maxAgeSeconds: session.maxAgeSeconds, httpOnly: true }),
    cookie(request, CSRF_COOKIE, session.csrfToken, { maxAgeSeconds: session.maxAgeSeconds, httpOnly: false }),
  ]);
}

export function clearPortalCookies(request: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', [
    cookie(request, SESSION_COOKIE, '', { maxAgeSeconds: 0, httpOnly: true }),
    cookie(request, CSRF_COOKIE, '', { maxAgeSeconds: 0, httpOnly: false }),
  ]);
}
