import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { type AgingReport, agingReport } from '../index.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { agingCsv, agingDto } from './dto.ts';

const agingParams = z.strictObject({
  as_of: z.iso.date({ error: 'must be a date like 2026-01-31 (a day in the business time zone)' }).optional(),
  customer: z.string().min(1).max(64).optional(),
});

/** q of each media range in an Accept header: "text/csv;q=0.9, application/json;q=0.5". */
function qualities(accept: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!type) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    result.set(type, Number.isFinite(value) ? value : 0);
  }
  return result;
}

/** CSV only when the client names text/csv and does not rank application/json at least as high. */
function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const q = qualities(accept);
  const csv = q.get('text/csv') ?? 0;
  return csv > 0 && csv > (q.get('application/json') ?? 0);
}

/** The CSV as a download named after its date. */
function sendCsv(reply: FastifyReply, report: AgingReport) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="aging-${report.asOf}.csv"`).send(agingCsv(report));
}

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(dashboardRoutes(ctx));
    const schema = { querystring: agingParams, tags: ['reports'] };
    app.get('/v1/reports/aging', { schema }, async (req, reply) => {
      const report = await agingReport(ctx, tenantOf(req), { asOf: req.query.as_of, customer: req.query.customer });
      // Content negotiation: a client that asks for CSV (and not JSON) gets the same file as aging.csv.
      return prefersCsv(req.headers.accept) ? sendCsv(reply, report) : agingDto(report);
    });
    app.get('/v1/reports/aging.csv', { schema }, async (req, reply) =>
      sendCsv(reply, await agingReport(ctx, tenantOf(req), { asOf: req.query.as_of, customer: req.query.customer })),
    );
  };
}
