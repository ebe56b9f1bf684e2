import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { getRetryPolicy, RETRY_POLICY_LIMITS, type RetryPolicySetting, updateRetryPolicy } from '../index.ts';

const days = (limits: readonly [number, number]) => z.number().int().min(limits[0]).max(limits[1]).optional();

// Fastify hands an empty POST to the schema as null: nothing to change.
const policyBody = z
  .strictObject({
    strategy: z.enum(['smart', 'fixed']).optional(),
    max_retries: days(RETRY_POLICY_LIMITS.maxRetries),
    window_days: days(RETRY_POLICY_LIMITS.windowDays),
    interval_days: days(RETRY_POLICY_LIMITS.intervalDays),
    retry_hard_declines: z.boolean().optional(),
    on_exhausted: z.enum(['unpaid', 'paused', 'canceled']).optional(),
  })
  .nullish()
  .transform((b) => b ?? {});

function policyDto(p: RetryPolicySetting) {
  return {
    object: 'retry_policy' as const,
    strategy: p.strategy,
    max_retries: p.maxRetries,
    window_days: p.windowDays,
    interval_days: p.intervalDays,
    retry_hard_declines: p.retryHardDeclines,
    on_exhausted: p.onExhausted,
    updated: unix(p.updatedAt),
  };
}

/** GET/POST /v1/settings/retry_policy: how declined autopay charges are retried and what happens when retries run out. */
export function retryPolicyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['settings'];
    app.get('/v1/settings/retry_policy', { schema: { tags } }, async (req) => policyDto(await getRetryPolicy(ctx, tenantOf(req))));
    app.post('/v1/settings/retry_policy', { config: { minRole: 'owner' }, schema: { body: policyBody, tags } }, async (req) => {
      const b = req.body;
      return policyDto(
        await updateRetryPolicy(ctx, tenantOf(req), {
          strategy: b.strategy,
          maxRetries: b.max_retries,
          windowDays: b.window_days,
          intervalDays: b.interval_days,
          retryHardDeclines: b.retry_hard_declines,
          onExhausted: b.on_exhausted,
        }),
      );
    });
  };
}
