import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { memberships } from '../db/schema.ts';

/**
 * Locks the business's memberships (two owners demoting each other at once cannot leave none)
 * and refuses a change that would leave the business without an owner.
 */
export async function guardLastOwner(tx: Tx, tenantId: string, userId: string, stillOwner: boolean): Promise<void> {
  const members = await tx.select().from(memberships).where(eq(memberships.tenantId, tenantId)).for('update');
  const target = members.find((m) => m.userId === userId);
  if (!target) notFound('member', userId, 'user_id');
  const owners = members.filter((m) => m.role === 'owner').length;
  if (target.role === 'owner' && !stillOwner && owners <= 1) fail('last_owner');
}
