import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { newId } from '../../../platform/ids.ts';
import { auditLog, memberships } from '../db/schema.ts';

export type AuditEntry = {
  tenantId: string;
  actorType: 'user' | 'api_key';
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  statusCode: number;
  ip: string | null;
};

export async function recordAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({ ...entry, id: newId('aud'), createdAt: ctx.clock.now() });
}

/** Account events (sign-in, MFA changes) concern every business the person belongs to. */
export async function recordUserAudit(
  ctx: AppContext,
  user: { id: string; email: string },
  action: string,
  statusCode: number,
  ip: string | null,
): Promise<void> {
  const rows = await ctx.db.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, user.id));
  const now = ctx.clock.now();
  if (rows.length === 0) return;
  await ctx.db.insert(auditLog).values(
    rows.map((r) => ({
      tenantId: r.tenantId,
      id: newId('aud'),
      actorType: 'user',
      actorId: user.id,
      actorEmail: user.email,
      action,
      targetId: user.id,
      statusCode,
      ip,
      createdAt: now,
    })),
  );
}
