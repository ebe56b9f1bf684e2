import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { fail } from '../platform/errors.ts';
import { tenantOf } from '../platform/http/auth.ts';
import { advanceTestClock } from './advance-test-clock.ts';

const DAY_MS = 86_400_000;

const advanceBody = z
  .strictObject({
    days: z.number().int().min(1).max(3660).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z' }).optional(),
  })
  .refine((b) => (b.days === undefined) !== (b.to === undefined), { error: 'Give exactly one of "days" or "to".' });

export function testClockRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['test clock'];
    app.get('/v1/test_clock', { schema: { tags } }, async (req) => {
      const tenant = tenantOf(req);
      if (tenant.mode !== 'test') fail('test_mode_only');
      return { object: 'test_clock', frozen_time: tenant.now.toISOString() };
    });
    app.post('/v1/test_clock/advance', { schema: { body: advanceBody, tags } }, async (req) => {
      const tenant = tenantOf(req);
      const to = req.body.days !== undefined ? new Date(tenant.now.getTime() + req.body.days * DAY_MS) : new Date(req.body.to!);
      const { tenant: after, work } = await advanceTestClock(ctx, tenant, to);
      return { object: 'test_clock', frozen_time: after.now.toISOString(), work };
    });
  };
}
