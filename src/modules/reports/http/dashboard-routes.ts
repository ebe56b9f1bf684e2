import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { type Dashboard, getDashboard } from '../app/get-dashboard.ts';

const dashboardQuery = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter ISO 4217 currency code' })
    .optional(),
});

export function dashboardDto(d: Dashboard) {
  return {
    object: 'dashboard' as const,
    currency: d.currency,
    time_zone: d.timeZone,
    month: d.month,
    collected_this_month: d.collectedThisMonth,
    outstanding: d.outstanding,
    overdue: d.overdue,
    mrr: d.mrr,
    recovery_rate: d.recovery.rate,
    recovery: { failed_first_charges: d.recovery.failed, recovered: d.recovery.recovered, window_days: 90 },
    revenue_trend: d.revenueTrend,
    aging: d.aging,
    work_queue: d.workQueue.map((w) => ({
      type: w.type,
      invoice: w.invoiceId,
      invoice_number: w.invoiceNumber,
      customer: w.customerId,
      customer_name: w.customerName,
      case: w.caseId,
      amount: w.amount,
      at: unix(w.at),
      detail: w.detail,
    })),
    work_queue_counts: d.workQueueCounts,
  };
}

/** `GET /v1/dashboard`: the back office's first screen in one call. */
export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/dashboard',
      {
        schema: {
          querystring: dashboardQuery,
          tags: ['reports'],
          description:
            "Key figures in one currency (default: the business's): collected this month, outstanding, overdue, MRR, recovery rate, 12-month trend, aging, today's work.",
        },
      },
      async (req) => dashboardDto(await getDashboard(ctx, tenantOf(req), { currency: req.query.currency })),
    );
  };
}
