import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { idParams } from '../../../platform/http/schemas.ts';
import { renderInvoiceDocument } from '../app/invoice-document.ts';
import { renderStatementDocument } from '../app/statement-document.ts';

const DAY_MS = 86_400_000;
const isoDate = z.iso.date({ error: 'must be a date like 2026-01-31' });

export function documentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/invoices/:id/pdf', { schema: { params: idParams, tags: ['documents'] } }, async (req, reply) => {
      const doc = await renderInvoiceDocument(ctx, tenantOf(req), req.params.id);
      return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.filename}"`).send(doc.content);
    });
    app.get(
      '/v1/customers/:id/statement.pdf',
      { schema: { params: idParams, querystring: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }), tags: ['documents'] } },
      async (req, reply) => {
        const tenant = tenantOf(req);
        const to = req.query.to ? new Date(`${req.query.to}T23:59:59.999Z`) : tenant.now;
        const from = req.query.from ? new Date(`${req.query.from}T00:00:00.000Z`) : new Date(to.getTime() - 90 * DAY_MS);
        if (from.getTime() > to.getTime()) fail('parameter_invalid', '"from" must not be after "to".', 'from');
        const doc = await renderStatementDocument(ctx, tenant, req.params.id, { from, to });
        return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.filename}"`).send(doc.content);
      },
    );
  };
}
