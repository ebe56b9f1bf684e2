import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { portalRateLimits } from '../db/schema.ts';
import { windowStart } from '../domain/secrets.ts';

/**
 * Counts one hit for each key in its current window and refuses (429) once any key is over its
 * limit. Counting happens whether or not the email is known, so the limit reveals nothing.
 */
export async function countPortalHits(ctx: AppContext, hits: { key: string; max: number; windowMinutes: number }[]): Promise<void> {
  const now = ctx.clock.now();
  const counts = await inSystemTx(ctx.db, async (tx) => {
    const out: number[] = [];
    for (const hit of hits) {
      const [row] = await tx
        .insert(portalRateLimits)
        .values({ key: hit.key, windowStart: windowStart(now, hit.windowMinutes), hits: 1 })
        .onConflictDoUpdate({ target: [portalRateLimits.key, portalRateLimits.windowStart], set: { hits: sql`${portalRateLimits.hits} + 1` } })
        .returning({ hits: portalRateLimits.hits });
      out.push(row!.hits);
    }
    // Old windows are of no use to anyone: keep the table small.
    await tx.delete(portalRateLimits).where(sql`${portalRateLimits.windowStart} < ${new Date(now.getTime() - 86_400_000)}`);
    return out;
  });
  if (hits.some((hit, i) => counts[i]! > hit.max)) fail('portal_rate_limited');
}
