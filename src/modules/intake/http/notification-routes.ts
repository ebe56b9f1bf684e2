import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { actorOf, tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { notificationSignals } from '../app/notify-staff.ts';
import { latestNotificationId, listNotifications, markNotificationsRead, type StaffNotification, takeNewNotifications } from '../app/staff-notifications.ts';

const anyStaff = { minRole: 'staff' } as const;
/** Streams look in the table this often, for notifications another process wrote. */
const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

const notificationDto = (n: StaffNotification) => ({
  id: n.id,
  object: 'notification' as const,
  kind: n.kind,
  request_id: n.requestId,
  title: n.title,
  read: n.readAt !== null,
  created: unix(n.createdAt),
});

function signedInUser(actor: ReturnType<typeof actorOf>): string {
  // Notifications are a person's: an API key has none.
  if (actor.type !== 'user') fail('not_signed_in', 'Notifications belong to a signed-in employee; API keys have none.');
  return actor.id;
}

/** GET /v1/notifications, POST /v1/notifications/read and the live stream GET /v1/notifications/stream (SSE). */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['notifications'];
    const open = new Set<() => void>();
    // Streams never end by themselves: close them so the server can shut down.
    app.addHook('onClose', async () => {
      for (const end of open) end();
    });
    app.get('/v1/notifications', { schema: { querystring: listQuery, tags } }, async (req) => {
      const { rows, unread } = await listNotifications(ctx, tenantOf(req), signedInUser(actorOf(req)), {
        limit: req.query.limit,
        startingAfter: req.query.starting_after,
      });
      return { ...toList(rows.map(notificationDto), req.query.limit, '/v1/notifications'), unread_count: unread };
    });
    app.post(
      '/v1/notifications/read',
      { config: anyStaff, schema: { body: z.strictObject({ ids: z.array(z.string().max(64)).max(500).optional(), all: z.boolean().optional() }), tags } },
      async (req) => {
        const ids = req.body.all ? 'all' : req.body.ids;
        if (!ids) fail('parameter_missing', 'Give `ids` or `all: true`.', 'ids');
        return { object: 'notification_read', marked: await markNotificationsRead(ctx, tenantOf(req), signedInUser(actorOf(req)), ids) };
      },
    );
    app.get(
      '/v1/notifications/stream',
      { schema: { tags, description: 'Server-sent events: one `notification` event per new notification.' } },
      async (req, reply) => {
        const tenant = tenantOf(req);
        const userId = signedInUser(actorOf(req));
        // A reconnecting browser says where it stopped (its own notification ids only are read).
        const lastEventId = req.headers['last-event-id'];
        let cursor =
          typeof lastEventId === 'string' && /^ntf_[0-9a-z]{1,60}$/.test(lastEventId) ? lastEventId : await latestNotificationId(ctx, tenant.id, userId);
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        reply.raw.write('retry: 2000\n\n');
        let busy = false;
        let again = false;
        const push = async () => {
          if (busy) {
            again = true;
            return;
          }
          busy = true;
          try {
            do {
              again = false;
              for (const n of await takeNewNotifications(ctx, tenant.id, userId, cursor)) {
                cursor = n.id;
                reply.raw.write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(notificationDto(n))}\n\n`);
              }
            } while (again);
          } catch (error) {
            req.log.warn({ err: error }, 'notification stream read failed; retrying on the next tick');
          } finally {
            busy = false;
          }
        };
        const onSignal = (tenantId: string) => {
          if (tenantId === tenant.id) void push();
        };
        notificationSignals.on('committed', onSignal);
        const poll = setInterval(() => void push(), POLL_MS);
        const keepalive = setInterval(() => reply.raw.write(': keepalive\n\n'), KEEPALIVE_MS);
        const end = () => {
          clearInterval(poll);
          clearInterval(keepalive);
          notificationSignals.off('committed', onSignal);
          open.delete(end);
          reply.raw.end();
        };
        open.add(end);
        req.raw.on('close', end);
      },
    );
  };
}
