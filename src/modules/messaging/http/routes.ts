import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { type Actor, tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { publicChannelConfig } from '../app/channel-secrets.ts';
import type { messages, messagingSettings } from '../db/schema.ts';
import { configureChannel, getMessage, listChannelSettings, listMessages, unsubscribeByMessage } from '../index.ts';

/**
 * Staff account mail carries a secret link: a password-reset link is shown only to the person it
 * is addressed to, an invitation link only to them and to owners (who send invitations anyway).
 * Otherwise a staff member reading the mailbox could take over an owner's account.
 */
function readableText(m: typeof messages.$inferSelect, actor: Actor | undefined): string {
  if (!m.template.startsWith('staff:') || (actor?.type === 'user' && actor.email === m.recipient)) return m.bodyText;
  if (m.template === 'staff:invitation' && actor?.role === 'owner') return m.bodyText;
  return '(hidden: this message holds a personal sign-in link)';
}

const messageDto = (m: typeof messages.$inferSelect, actor?: Actor) => ({
  id: m.id,
  object: 'message' as const,
  customer: m.customerId,
  channel: m.channel,
  template: m.template,
  locale: m.locale,
  recipient: m.recipient,
  subject: m.subject,
  text: readableText(m, actor),
  invoice: m.relatedInvoiceId,
  has_invoice_pdf: m.attachInvoiceId !== null,
  status: m.status,
  attempts: m.attempts,
  provider: m.provider,
  provider_message_id: m.providerMessageId,
  last_error: m.lastError,
  scheduled_for: unix(m.nextAttemptAt),
  sent_at: unix(m.sentAt),
  created: unix(m.createdAt),
});

/** Settings as stored, minus secrets: a saved password or token never goes back over the wire, only `password_set: true`. */
const settingsDto = (s: typeof messagingSettings.$inferSelect) => ({
  object: 'messaging_settings' as const,
  channel: s.channel,
  enabled: s.enabled,
  config: publicChannelConfig(s.config),
  updated: unix(s.updatedAt),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time like 21:00' });
const toMinute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const settingsBodies = {
  email: z.strictObject({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false),
    user: z.string().max(255).optional(),
    password: z.string().max(500).optional(),
    from: z.string().min(3).max(320),
    enabled: z.boolean().default(true),
  }),
  sms: z.strictObject({
    endpoint: z.url({ protocol: /^https?$/ }),
    // Left out: the saved key stays (required the first time; the use case checks).
    api_key: z.string().min(1).max(500).optional(),
    from: z.string().min(1).max(20),
    enabled: z.boolean().default(true),
  }),
  telegram: z.strictObject({
    token: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, { error: 'must be a bot token like 123456:ABC-DEF' })
      .optional(),
    api_root: z.url().optional(),
    enabled: z.boolean().default(true),
  }),
  general: z.strictObject({ quiet_hours: z.strictObject({ start: hhmm, end: hhmm }), enabled: z.boolean().default(true) }),
};

export function messagingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['messages'];
    const list =
      (provider?: string) => async (req: { query: z.infer<typeof listQuery> & { customer?: string; invoice?: string } } & Parameters<typeof tenantOf>[0]) => {
        const q = req.query;
        const rows = await listMessages(ctx, tenantOf(req), {
          limit: q.limit,
          startingAfter: q.starting_after,
          customer: q.customer,
          invoice: q.invoice,
          provider,
        });
        return toList(
          rows.map((m) => messageDto(m, req.actor)),
          q.limit,
          provider ? '/v1/mailbox' : '/v1/messages',
        );
      };
    const query = listQuery.extend({ customer: z.string().max(64).optional(), invoice: z.string().max(64).optional() });
    app.get('/v1/messages', { schema: { querystring: query, tags } }, list());
    app.get(
      '/v1/mailbox',
      { schema: { querystring: query, tags, description: 'Email kept in the local mailbox because no SMTP server is configured.' } },
      list('local_mailbox'),
    );
    app.get('/v1/messages/:id', { schema: { params: idParams, tags } }, async (req) =>
      messageDto(await getMessage(ctx, tenantOf(req), req.params.id), req.actor),
    );
    // Mail clients send the one-click POST as a form: `List-Unsubscribe=One-Click`.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    // Public, no API key: the link in a non-transactional email (GET) and its one-click POST (RFC 8058).
    const unsubscribe = async (req: { params: { id: string } }, reply: FastifyReply) =>
      reply.type('text/plain; charset=utf-8').send(await unsubscribeByMessage(ctx, req.params.id));
    app.get('/unsubscribe/:id', { schema: { params: idParams, hide: true } }, unsubscribe);
    app.post('/unsubscribe/:id', { schema: { params: idParams, hide: true } }, unsubscribe);
    app.get('/v1/messaging_settings', { config: { minRole: 'owner' }, schema: { tags } }, async (req) => ({
      object: 'list' as const,
      data: (await listChannelSettings(ctx, tenantOf(req))).map(settingsDto),
    }));
    for (const [channel, body] of Object.entries(settingsBodies)) {
      app.post(`/v1/messaging_settings/${channel}`, { config: { minRole: 'owner' }, schema: { body, tags } }, async (req) => {
        const { enabled, ...rest } = req.body as { enabled: boolean } & Record<string, unknown>;
        const config =
          channel === 'general'
            ? {
                quiet_hours: {
                  startMinute: toMinute((rest.quiet_hours as { start: string }).start),
                  endMinute: toMinute((rest.quiet_hours as { end: string }).end),
                },
              }
            : rest;
        return settingsDto(await configureChannel(ctx, tenantOf(req), channel as 'email', config, enabled));
      });
    }
  };
}
