import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { retryPolicySettings } from '../db/schema.ts';
import { DEFAULT_RETRY_POLICY, type OnExhausted, type RetryPolicy, type RetryStrategy, retryPolicyProblem } from '../domain/retry-policy.ts';

export type RetryPolicySetting = RetryPolicy & { updatedAt: Date | null };

/** Replaces the given fields; an omitted field keeps its value. */
export type RetryPolicyInput = Partial<RetryPolicy>;

/** The business's retry policy, the defaults when never set. Read once per pass by the charge path. */
export async function loadRetryPolicy(tx: Tx, tenantId: string): Promise<RetryPolicySetting> {
  const [row] = await tx.select().from(retryPolicySettings).where(eq(retryPolicySettings.tenantId, tenantId));
  if (!row) return { ...DEFAULT_RETRY_POLICY, updatedAt: null };
  return {
    strategy: row.strategy as RetryStrategy,
    maxRetries: row.maxRetries,
    windowDays: row.windowDays,
    intervalDays: row.intervalDays,
    retryHardDeclines: row.retryHardDeclines,
    onExhausted: row.onExhausted as OnExhausted,
    updatedAt: row.updatedAt,
  };
}

export function getRetryPolicy(ctx: AppContext, tenant: TenantContext): Promise<RetryPolicySetting> {
  return inTenantTx(ctx.db, tenant.id, (tx) => loadRetryPolicy(tx, tenant.id));
}

/**
 * Applies to declines from now on; a retry already scheduled keeps its instant. Switching to the
 * smart strategy drops a stored retry_hard_declines (smart never retries a hard decline); asking
 * for both at once is refused.
 */
export function updateRetryPolicy(ctx: AppContext, tenant: TenantContext, input: RetryPolicyInput): Promise<RetryPolicySetting> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const { updatedAt: _, ...current } = await loadRetryPolicy(tx, tenant.id);
    const merged: RetryPolicy = { ...current, ...definedFields(input) };
    if (merged.strategy === 'smart' && input.retryHardDeclines === undefined) merged.retryHardDeclines = false;
    const problem = retryPolicyProblem(merged);
    if (problem) fail('parameter_invalid', problem.message, problem.param);
    const values = { ...merged, updatedAt: tenant.now };
    await tx
      .insert(retryPolicySettings)
      .values({ tenantId: tenant.id, ...values })
      .onConflictDoUpdate({ target: [retryPolicySettings.tenantId], set: values });
    return loadRetryPolicy(tx, tenant.id);
  });
}

function definedFields(input: RetryPolicyInput): Partial<RetryPolicy> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<RetryPolicy>;
}
