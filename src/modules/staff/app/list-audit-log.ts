import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { notFound } from '../../../platform/errors.ts';
import { auditLog } from '../db/schema.ts';

/** Newest first, cursor-paged, optionally one actor's entries only. */
export async function listAuditLog(ctx: AppContext, tenantId: string, query: { limit: number; startingAfter?: string; actor?: string }) {
  const filters: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (query.actor) filters.push(eq(auditLog.actorId, query.actor));
  if (query.startingAfter) {
    const [cursor] = await ctx.db
      .select({ createdAt: auditLog.createdAt, id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.id, query.startingAfter)));
    if (!cursor) notFound('audit log entry', query.startingAfter, 'starting_after');
    filters.push(or(lt(auditLog.createdAt, cursor.createdAt), and(eq(auditLog.createdAt, cursor.createdAt), lt(auditLog.id, cursor.id)))!);
  }
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(query.limit + 1);
}
