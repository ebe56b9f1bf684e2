import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import {
  createWebhookEndpoint,
  DELIVERY_STATES,
  deleteWebhookEndpoint,
  EVENT_TYPES,
  getEvent,
  getWebhookDelivery,
  getWebhookEndpoint,
  isEventType,
  listEvents,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  updateWebhookEndpoint,
} from '../index.ts';
import { deliveryDto, endpointDto, eventDto } from './dto.ts';

const url = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048)
  // Checks run on after a failed format check, so parse defensively.
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), { error: 'must not carry a user name or password' });

const eventType = z.string().refine(isEventType, {
  error: `is not an event type we send; use one of ${EVENT_TYPES.join(', ')}`,
  params: { code: 'event_type_unknown' },
});

const enabledEvents = z
  .array(z.union([z.literal('*'), eventType]))
  .min(1, { error: 'needs at least one event type, or ["*"] for all' })
  .max(EVENT_TYPES.length + 1);

const createBody = z.strictObject({ url, enabled_events: enabledEvents, description: z.string().max(500).nullish() });
const updateBody = z.strictObject({
  url: url.optional(),
  enabled_events: enabledEvents.optional(),
  description: z.string().max(500).nullish(),
  disabled: z.boolean().optional(),
});

export function webhookRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['webhooks'];
    app.post('/v1/webhook_endpoints', { config: { minRole: 'owner' }, schema: { body: createBody, tags } }, async (req) => {
      const { url: target, enabled_events, description } = req.body;
      const row = await createWebhookEndpoint(ctx, tenantOf(req), { url: target, enabledEvents: enabled_events, description });
      return endpointDto(row, { withSecret: true });
    });
    app.get('/v1/webhook_endpoints', { schema: { querystring: listQuery, tags } }, async (req) => {
      const rows = await listWebhookEndpoints(ctx, tenantOf(req), { limit: req.query.limit, startingAfter: req.query.starting_after });
      return toList(
        rows.map((r) => endpointDto(r)),
        req.query.limit,
        '/v1/webhook_endpoints',
      );
    });
    app.get('/v1/webhook_endpoints/:id', { schema: { params: idParams, tags } }, async (req) =>
      endpointDto(await getWebhookEndpoint(ctx, tenantOf(req), req.params.id)),
    );
    app.post('/v1/webhook_endpoints/:id', { config: { minRole: 'owner' }, schema: { params: idParams, body: updateBody, tags } }, async (req) => {
      const { url: target, enabled_events, description, disabled } = req.body;
      const row = await updateWebhookEndpoint(ctx, tenantOf(req), req.params.id, { url: target, enabledEvents: enabled_events, description, disabled });
      return endpointDto(row);
    });
    app.delete('/v1/webhook_endpoints/:id', { config: { minRole: 'owner' }, schema: { params: idParams, tags } }, async (req) => {
      const { id } = await deleteWebhookEndpoint(ctx, tenantOf(req), req.params.id);
      return { id, object: 'webhook_endpoint' as const, deleted: true };
    });
    app.get(
      '/v1/webhook_endpoints/:id/deliveries',
      {
        schema: {
          params: idParams,
          querystring: listQuery.extend({ status: z.enum(DELIVERY_STATES).optional(), event: z.string().max(64).optional() }),
          tags,
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await listWebhookDeliveries(ctx, tenantOf(req), req.params.id, {
          limit: q.limit,
          startingAfter: q.starting_after,
          status: q.status,
          event: q.event,
        });
        return toList(rows.map(deliveryDto), q.limit, `/v1/webhook_endpoints/${req.params.id}/deliveries`);
      },
    );
    app.get('/v1/webhook_deliveries/:id', { schema: { params: idParams, tags } }, async (req) =>
      deliveryDto(await getWebhookDelivery(ctx, tenantOf(req), req.params.id)),
    );
    app.post('/v1/webhook_deliveries/:id/replay', { schema: { params: idParams, tags } }, async (req) =>
      deliveryDto(await replayWebhookDelivery(ctx, tenantOf(req), req.params.id)),
    );
    app.get('/v1/events', { schema: { querystring: listQuery.extend({ type: eventType.optional() }), tags } }, async (req) => {
      const q = req.query;
      const rows = await listEvents(ctx, tenantOf(req), { limit: q.limit, startingAfter: q.starting_after, type: q.type });
      return toList(rows.map(eventDto), q.limit, '/v1/events');
    });
    app.get('/v1/events/:id', { schema: { params: idParams, tags } }, async (req) => eventDto(await getEvent(ctx, tenantOf(req), req.params.id)));
  };
}
