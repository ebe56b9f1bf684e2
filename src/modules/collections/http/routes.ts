import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { buildCollectionsPacket } from '../app/collections-packet.ts';
import { getCase } from '../app/get-case.ts';
import { getReminderLadder, updateReminderLadder } from '../app/ladder-settings.ts';
import { listCases } from '../app/list-cases.ts';
import { CASE_STATES } from '../domain/case.machine.ts';
import { LADDER_CHANNELS, LADDER_TEMPLATES, MAX_STEPS } from '../domain/ladder.ts';
import { caseDetailDto, caseDto, ladderDto } from './dto.ts';

const action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('late_fee') }),
  z.strictObject({ type: z.literal('suspend') }),
  z.strictObject({
    type: z.literal('assign_task'),
    assignee_email: z.email({ error: 'must be a valid email address' }).max(320),
    note: z.string().max(500).nullish(),
  }),
  z.strictObject({ type: z.literal('hand_off') }),
]);

const step = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/, { error: 'must be 1-40 lowercase letters, digits or underscores' }),
  offset_days: z.number().int().min(-60).max(365),
  channels: z.array(z.enum(LADDER_CHANNELS)).min(1).nullish(),
  template: z.enum(LADDER_TEMPLATES).nullable(),
  actions: z.array(action).max(4).default([]),
});

const ladderBody = z.strictObject({
  steps: z.array(step).max(MAX_STEPS).optional(),
  write_off_on_hand_off: z.boolean().optional(),
});

const caseListQuery = listQuery.extend({
  state: z.enum([...CASE_STATES, 'all']).optional(),
});

export function collectionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/settings/reminder_ladder', { schema: { tags: ['collections'] } }, async (req) => ladderDto(await getReminderLadder(ctx, tenantOf(req))));
    app.post('/v1/settings/reminder_ladder', { config: { minRole: 'owner' }, schema: { body: ladderBody, tags: ['collections'] } }, async (req) =>
      ladderDto(
        await updateReminderLadder(ctx, tenantOf(req), {
          steps: req.body.steps?.map((s) => ({ ...s, channels: s.channels ?? null })),
          writeOffOnHandOff: req.body.write_off_on_hand_off,
        }),
      ),
    );
    app.get(
      '/v1/collections',
      { schema: { querystring: caseListQuery, tags: ['collections'], description: 'Collection cases, most urgent first (amount overdue x days overdue).' } },
      async (req) => {
        const q = req.query;
        // Default: the work queue, i.e. every case not closed yet.
        const states = q.state === 'all' ? [...CASE_STATES] : q.state ? [q.state] : (['open', 'in_collections'] as const);
        const cases = await listCases(ctx, tenantOf(req), { states: [...states], limit: q.limit, startingAfter: q.starting_after });
        return toList(cases.map(caseDto), q.limit, '/v1/collections');
      },
    );
    app.get('/v1/collections/:id', { schema: { params: idParams, tags: ['collections'] } }, async (req) =>
      caseDetailDto(await getCase(ctx, tenantOf(req), req.params.id)),
    );
    app.get(
      '/v1/collections/:id/packet',
      { schema: { params: idParams, tags: ['collections'], description: 'ZIP: statement PDF, open invoice PDFs, reminder history CSV.' } },
      async (req, reply) => {
        const packet = await buildCollectionsPacket(ctx, tenantOf(req), req.params.id);
        return reply.type('application/zip').header('content-disposition', `attachment; filename="${packet.filename}"`).send(packet.content);
      },
    );
  };
}
