import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { actorOf, tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { assignRequest } from '../app/assign-request.ts';
import { changeRequestState } from '../app/change-request-state.ts';
import { getRequest, getRequestAttachment, listRequests, type RequestListRow } from '../app/list-requests.ts';
import type { IntakeRequestRow } from '../app/load-request.ts';
import { replyToRequest } from '../app/reply-to-request.ts';
import { acceptReviewRequest, markRequestSpam } from '../app/review-request.ts';
import { INTAKE_CHANNELS } from '../domain/intake-message.ts';
import { REQUEST_STATES } from '../domain/request.machine.ts';

// Staff work their own requests: starting, finishing, replying and passing one on are for every role.
const anyStaff = { minRole: 'staff' } as const;

const listFilter = listQuery.extend({
  state: z.enum([...REQUEST_STATES, 'open']).optional(),
  assignee: z.string().max(64).optional(),
  channel: z.enum(INTAKE_CHANNELS).optional(),
  customer: z.string().max(64).optional(),
});

function requestDto(row: Pick<RequestListRow, 'request' | 'customerName' | 'assigneeName' | 'assigneeEmail' | 'duplicateNames'>) {
  const r: IntakeRequestRow = row.request;
  return {
    id: r.id,
    object: 'request' as const,
    customer_id: r.customerId,
    customer_name: row.customerName,
    kind: r.kind,
    channel: r.channel,
    state: r.state,
    subject: r.subject,
    assignee_user_id: r.assigneeUserId,
    assignee_name: row.assigneeName ?? row.assigneeEmail,
    routing_reason: r.routingReason,
    sender: r.sender,
    unverified_match: r.unverifiedMatch,
    fields: r.fields,
    possible_duplicates: r.possibleDuplicates.map((d) => ({
      customer_id: d.customer_id,
      customer_name: row.duplicateNames.get(d.customer_id) ?? null,
      reasons: d.reasons,
    })),
    last_message_at: unix(r.lastMessageAt),
    assigned_at: unix(r.assignedAt),
    closed_at: unix(r.closedAt),
    created: unix(r.createdAt),
  };
}

function detailDto(found: Awaited<ReturnType<typeof getRequest>>) {
  return {
    ...requestDto(found),
    messages: found.messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      channel: m.channel,
      from: m.fromAddress,
      subject: m.subject,
      text: m.bodyText,
      author_user_id: m.authorUserId,
      received_at: unix(m.receivedAt),
      attachments: m.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        url: `/v1/requests/${found.request.id}/attachments/${a.id}`,
      })),
    })),
  };
}

/** The staff side of intake: the inbox, the review queue and working a request. */
export function requestRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['requests'];
    // Every action answers with the request as GET shows it, thread included.
    const reload = async (tenant: ReturnType<typeof tenantOf>, id: string) => detailDto(await getRequest(ctx, tenant, id));

    app.get('/v1/requests', { schema: { querystring: listFilter, tags } }, async (req) => {
      const { state, channel, customer, limit, starting_after } = req.query;
      const assignee = req.query.assignee === 'me' ? actorOf(req).id : req.query.assignee;
      const rows = await listRequests(ctx, tenantOf(req), { state, assignee, channel, customer, limit, startingAfter: starting_after });
      return toList(rows.map(requestDto), limit, '/v1/requests');
    });

    app.get('/v1/requests/:id', { schema: { params: idParams, tags } }, async (req) => reload(tenantOf(req), req.params.id));

    app.get(
      '/v1/requests/:id/attachments/:attachment_id',
      { schema: { params: z.strictObject({ id: z.string().max(64), attachment_id: z.string().max(64) }), tags } },
      async (req, reply) => {
        const file = await getRequestAttachment(ctx, tenantOf(req), req.params.id, req.params.attachment_id);
        // Always a download, never rendered in our origin: an attachment is whatever a stranger sent.
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('x-content-type-options', 'nosniff')
          .send(file.content);
      },
    );

    app.post(
      '/v1/requests/:id/assign',
      { config: anyStaff, schema: { params: idParams, body: z.strictObject({ assignee_user_id: z.string().min(1).max(64) }), tags } },
      async (req) => {
        const actor = actorOf(req);
        await assignRequest(ctx, tenantOf(req), req.params.id, req.body.assignee_user_id, actor.type === 'user' ? actor.id : null);
        return reload(tenantOf(req), req.params.id);
      },
    );
    for (const [path, event] of [
      ['start', 'start'],
      ['done', 'complete'],
      ['reopen', 'reopen'],
    ] as const) {
      app.post(`/v1/requests/:id/${path}`, { config: anyStaff, schema: { params: idParams, tags } }, async (req) => {
        await changeRequestState(ctx, tenantOf(req), req.params.id, event);
        return reload(tenantOf(req), req.params.id);
      });
    }
    app.post(
      '/v1/requests/:id/accept',
      {
        config: anyStaff,
        schema: {
          params: idParams,
          body: z.strictObject({ customer_id: z.string().max(64).nullish() }).optional(),
          tags,
          description: 'Accepts a request from the review queue: creates the client from the sender, or links it to `customer_id`.',
        },
      },
      async (req) => {
        await acceptReviewRequest(ctx, tenantOf(req), req.params.id, { customerId: req.body?.customer_id ?? null });
        return reload(tenantOf(req), req.params.id);
      },
    );
    app.post(
      '/v1/requests/:id/spam',
      { config: anyStaff, schema: { params: idParams, tags, description: 'Marks a review-queue request spam; later mail from the sender is dropped.' } },
      async (req) => {
        await markRequestSpam(ctx, tenantOf(req), req.params.id);
        return reload(tenantOf(req), req.params.id);
      },
    );
    app.post(
      '/v1/requests/:id/reply',
      {
        config: anyStaff,
        schema: { params: idParams, body: z.strictObject({ text: z.string().trim().min(1, { error: 'must not be empty' }).max(20_000) }), tags },
      },
      async (req) => {
        const actor = actorOf(req);
        await replyToRequest(ctx, tenantOf(req), req.params.id, { text: req.body.text, authorUserId: actor.type === 'user' ? actor.id : null });
        return reload(tenantOf(req), req.params.id);
      },
    );
  };
}
