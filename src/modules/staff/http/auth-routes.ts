import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { clearSessionCookies, sessionOf, setSessionCookies } from '../../../platform/http/auth.ts';
import { acceptInvitation, getInvitation } from '../app/accept-invitation.ts';
import { endSession } from '../app/authenticate-session.ts';
import { confirmMfa } from '../app/confirm-mfa.ts';
import { sameSecret } from '../app/credentials.ts';
import { disableMfa } from '../app/disable-mfa.ts';
import { enrolMfa } from '../app/enrol-mfa.ts';
import { recordUserAudit } from '../app/record-audit.ts';
import { requestPasswordReset } from '../app/request-password-reset.ts';
import { resetPassword } from '../app/reset-password.ts';
import { sessionInfo } from '../app/session-info.ts';
import { signIn } from '../app/sign-in.ts';
import { switchBusiness } from '../app/switch-business.ts';
import { verifyMfa } from '../app/verify-mfa.ts';

const tags = ['auth'];
const email = z.string().trim().max(320);
const password = z.string().min(1).max(1000);
const code = z.string().trim().max(20);
// Routes used before there is a session: no CSRF token exists yet (SameSite=Lax keeps other sites' POSTs cookie-less).
const noSession = { csrf: false };

function rateLimited(reply: FastifyReply, retryAfter: number): never {
  reply.header('retry-after', String(retryAfter));
  fail('sign_in_rate_limited');
}

/** The back office's browser sign-in: JSON routes outside /v1, answered in the same error shape. */
export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/auth/sign_in', { config: noSession, schema: { tags, body: z.strictObject({ email: email.min(1), password }) } }, async (req, reply) => {
      const result = await signIn(ctx, { email: req.body.email, password: req.body.password, ip: req.ip });
      if (result.kind === 'rate_limited') rateLimited(reply, result.retryAfter);
      if (req.staffSession) await endSession(ctx, req.staffSession.id);
      setSessionCookies(req, reply, result);
      return { next: result.next };
    });

    app.post('/auth/mfa', { schema: { tags, body: z.strictObject({ code: code.optional(), recovery_code: code.optional() }) } }, async (req, reply) => {
      const session = sessionOf(req, { mfa: false });
      if (!req.body.code && !req.body.recovery_code) fail('parameter_missing', 'Enter the code from your authenticator app.', 'code');
      const result = await verifyMfa(ctx, session, { code: req.body.code, recoveryCode: req.body.recovery_code, ip: req.ip });
      if (result.kind === 'rate_limited') rateLimited(reply, result.retryAfter);
      return { next: 'done' as const };
    });

    app.get('/auth/session', { schema: { tags } }, async (req) => sessionInfo(ctx, sessionOf(req)));

    app.post('/auth/sign_out', { schema: { tags } }, async (req, reply) => {
      const session = req.staffSession;
      if (session) {
        await endSession(ctx, session.id);
        await recordUserAudit(ctx, { id: session.userId, email: session.email }, 'auth.sign_out', 200, req.ip);
      }
      clearSessionCookies(req, reply);
      return { signed_out: true };
    });

    app.post('/auth/switch_business', { schema: { tags, body: z.strictObject({ business_id: z.string().min(1).max(64) }) } }, async (req) => {
      const session = sessionOf(req);
      await switchBusiness(ctx, session, req.body.business_id);
      return sessionInfo(ctx, { ...session, tenantId: req.body.business_id });
    });

    app.post('/auth/mfa/enrol', { schema: { tags } }, async (req) => enrolMfa(ctx, sessionOf(req)));
    app.post('/auth/mfa/enrol/confirm', { schema: { tags, body: z.strictObject({ code }) } }, async (req) =>
      confirmMfa(ctx, sessionOf(req), req.body.code, req.ip),
    );
    app.post('/auth/mfa/disable', { schema: { tags, body: z.strictObject({ password, code }) } }, async (req) =>
      disableMfa(ctx, sessionOf(req), { password: req.body.password, code: req.body.code, ip: req.ip }),
    );

    app.post('/auth/password_reset', { config: noSession, schema: { tags, body: z.strictObject({ email: email.min(1) }) } }, async (req) => {
      await requestPasswordReset(ctx, req.body.email);
      return { sent: true };
    });
    app.post(
      '/auth/password_reset/confirm',
      { config: noSession, schema: { tags, body: z.strictObject({ token: z.string().min(1).max(200), password }) } },
      async (req) => {
        await resetPassword(ctx, { token: req.body.token, password: req.body.password, ip: req.ip });
        return { reset: true };
      },
    );

    app.get('/auth/invitations/:token', { schema: { tags, params: z.strictObject({ token: z.string().min(1).max(200) }) } }, async (req) =>
      getInvitation(ctx, req.params.token),
    );
    app.post(
      '/auth/invitations/accept',
      {
        config: noSession,
        schema: {
          tags,
          body: z.strictObject({ token: z.string().min(1).max(200), name: z.string().trim().max(200).optional(), password: password.optional() }),
        },
      },
      async (req, reply) => {
        // A signed-in person accepting for their own account acts through their session: that needs the CSRF token.
        const session = req.staffSession ?? null;
        if (session) {
          const sent = req.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) fail('csrf_token_invalid');
        }
        const result = await acceptInvitation(ctx, req.body, session);
        if (result.newSession) setSessionCookies(req, reply, result.newSession);
        else if (session) await switchBusiness(ctx, session, result.businessId);
        return { business_id: result.businessId, next: 'done' as const };
      },
    );
  };
}
