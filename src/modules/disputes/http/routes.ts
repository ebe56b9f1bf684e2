import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams, minorAmount, positiveMinorAmount } from '../../../platform/http/schemas.ts';
import { DISPUTE_STATES } from '../domain/dispute.machine.ts';
import { DISPUTE_REASONS, EVIDENCE_FILE_FIELDS, EVIDENCE_TEXT_FIELDS, type EvidenceUpdate } from '../domain/dispute.ts';
import { closeDisputeById, createDispute, getDispute, listDisputes, updateDisputeEvidence } from '../index.ts';
import { disputeDto } from './dto.ts';

/** Unix seconds (as every timestamp Duly returns) or an ISO 8601 instant with its offset. */
const instantInput = z
  .union([z.number().int().positive(), z.iso.datetime({ offset: true, error: 'must be unix seconds or an ISO 8601 date-time' })])
  .transform((v) => (typeof v === 'number' ? new Date(v * 1000) : new Date(v)));

const createBody = z.strictObject({
  payment: z.string().min(1).max(64),
  amount: positiveMinorAmount.optional(),
  reason: z.enum(DISPUTE_REASONS),
  evidence_due_by: instantInput,
  fee: minorAmount.optional(),
});

const evidenceFile = z.strictObject({
  filename: z.string().min(1).max(255),
  content_type: z.string().min(3).max(100),
  size: z.number().int().min(0).max(50_000_000),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullish(),
  url: z.url().max(2000).nullish(),
});

const evidenceBody = z.strictObject({
  ...Object.fromEntries(EVIDENCE_TEXT_FIELDS.map((f) => [f, z.string().min(1).max(20_000).nullish()])),
  ...Object.fromEntries(EVIDENCE_FILE_FIELDS.map((f) => [f, evidenceFile.nullish()])),
  submit: z.boolean().default(false),
});

const closeBody = z.strictObject({ outcome: z.enum(['won', 'lost']), fee_returned: z.boolean().optional() });

export function disputeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['disputes'];
    app.post('/v1/disputes', { schema: { body: createBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const b = req.body;
      const row = await createDispute(ctx, tenant, { paymentId: b.payment, amount: b.amount, reason: b.reason, evidenceDueBy: b.evidence_due_by, fee: b.fee });
      return disputeDto(row, tenant.now);
    });
    app.get(
      '/v1/disputes',
      { schema: { querystring: listQuery.extend({ status: z.enum(DISPUTE_STATES).optional(), customer: z.string().max(64).optional() }), tags } },
      async (req) => {
        const tenant = tenantOf(req);
        const q = req.query;
        const rows = await listDisputes(ctx, tenant, { limit: q.limit, startingAfter: q.starting_after, status: q.status, customer: q.customer });
        return toList(
          rows.map((d) => disputeDto(d, tenant.now)),
          q.limit,
          '/v1/disputes',
        );
      },
    );
    app.get('/v1/disputes/:id', { schema: { params: idParams, tags } }, async (req) => {
      const tenant = tenantOf(req);
      return disputeDto(await getDispute(ctx, tenant, req.params.id), tenant.now);
    });
    app.post('/v1/disputes/:id/evidence', { schema: { params: idParams, body: evidenceBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const { submit, ...evidence } = req.body;
      const row = await updateDisputeEvidence(ctx, tenant, req.params.id, { evidence: evidence as EvidenceUpdate, submit });
      return disputeDto(row, tenant.now);
    });
    app.post('/v1/disputes/:id/close', { schema: { params: idParams, body: closeBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      return disputeDto(await closeDisputeById(ctx, tenant, req.params.id, req.body.outcome, req.body.fee_returned), tenant.now);
    });
  };
}
