import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { authenticateSession, defaultMinRole, type Role, registerAuditLog, roleAllows, type StaffSession, sameSecret } from '../../modules/staff/index.ts';
import { authenticateApiKey, loadTenant, type TenantContext } from '../../modules/tenants/index.ts';
import { loadConfig } from '../config.ts';
import { fail } from '../errors.ts';

/** Who is calling: an API key (acts as owner) or a signed-in member of the business. */
export type Actor = { type: 'api_key' | 'user'; id: string; email?: string; role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    tenant?: TenantContext;
    actor?: Actor;
    /** The browser session behind the request, when it came with the session cookie. */
    staffSession?: StaffSession | null;
  }
  interface FastifyContextConfig {
    /** A /v1 route reached without an API key (a gateway's signed webhook, a client's signed link). */
    public?: boolean;
    /** The least role that may call the route; default: staff for GET/HEAD, manager otherwise. */
    minRole?: Role;
    /** false on /auth routes used before there is a session (sign-in, reset, invitation accept). */
    csrf?: boolean;
  }
}

// The plugin's module also exports its cookie parser and serialiser (usable once the plugin is registered); its types only describe them on this interface.
const cookieCodec = fastifyCookie as unknown as fastifyCookie.FastifyCookie;

export const SESSION_COOKIE = 'duly_session';
export const CSRF_COOKIE = 'duly_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookiesOf(request: FastifyRequest): Record<string, string> {
  const header = request.headers.cookie;
  return header ? cookieCodec.parse(header) : {};
}

/** Double-submit: the page reads duly_csrf and sends it back as X-CSRF-Token; another site can do neither. */
function checkCsrf(request: FastifyRequest, session: StaffSession) {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) fail('csrf_token_invalid');
}

/**
 * /v1 calls authenticate with `Authorization: Bearer sk_...` or with the back office's session
 * cookie (after MFA); then the route's minRole decides. /auth calls get the session, if any, and
 * a CSRF check on every unsafe method of a signed-in browser.
 */
export function registerApiKeyAuth(app: FastifyInstance, ctx: AppContext) {
  // Loads the cookie codec (and reply.setCookie for others); our hook parses the header itself so hook order does not matter.
  app.register(fastifyCookie);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const config = request.routeOptions.config ?? {};
    if (request.url.startsWith('/auth/')) {
      const token = cookiesOf(request)[SESSION_COOKIE];
      request.staffSession = token ? await authenticateSession(ctx, token) : null;
      if (request.staffSession && !SAFE_METHODS.has(request.method) && config.csrf !== false) checkCsrf(request, request.staffSession);
      return;
    }
    if (!request.url.startsWith('/v1/') || config.public) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) fail('api_key_missing');
      request.tenant = await authenticateApiKey(ctx, match[1]);
      // The key's visible prefix (as listed in the API keys settings) names it in the audit log.
      request.actor = { type: 'api_key', id: match[1].slice(0, 12), role: 'owner' };
    } else {
      const token = cookiesOf(request)[SESSION_COOKIE];
      if (!token) fail('api_key_missing');
      const session = await authenticateSession(ctx, token);
      if (!session) fail('not_signed_in');
      if (!session.mfaPassed) fail('mfa_required');
      if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session);
      request.staffSession = session;
      request.tenant = await loadTenant(ctx, session.tenantId);
      request.actor = { type: 'user', id: session.userId, email: session.email, role: session.role };
    }
    if (!roleAllows(request.actor.role, config.minRole ?? defaultMinRole(request.method))) fail('role_forbidden');
  });
  registerAuditLog(app, ctx);
}

export function tenantOf(request: FastifyRequest): TenantContext {
  if (!request.tenant) fail('api_key_missing');
  return request.tenant;
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) fail('api_key_missing');
  return request.actor;
}

/** The signed-in session of an /auth request; `mfa: false` also accepts one still waiting for its code. */
export function sessionOf(request: FastifyRequest, options: { mfa: boolean } = { mfa: true }): StaffSession {
  const session = request.staffSession;
  if (!session) fail('not_signed_in');
  if (options.mfa && !session.mfaPassed) fail('mfa_required');
  return session;
}

/** Secure when the request came over TLS (behind a trusted proxy) or the operator says so. */
function secureCookies(request: FastifyRequest): boolean {
  return request.protocol === 'https' || loadConfig().secureCookies;
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, session: { token: string; csrfToken: string; expiresAt: Date }) {
  const base = { path: '/', sameSite: 'lax' as const, secure: secureCookies(request), expires: session.expiresAt };
  reply.header('set-cookie', [
    cookieCodec.serialize(SESSION_COOKIE, session.token, { ...base, httpOnly: true }),
    cookieCodec.serialize(CSRF_COOKIE, session.csrfToken, base),
  ]);
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply) {
  const base = { path: '/', sameSite: 'lax' as const, secure: secureCookies(request), expires: new Date(0) };
  reply.header('set-cookie', [cookieCodec.serialize(SESSION_COOKIE, '', { ...base, httpOnly: true }), cookieCodec.serialize(CSRF_COOKIE, '', base)]);
}
