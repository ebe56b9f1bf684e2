import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { publicUrl } from '../../../platform/config.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { queueOwnerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invitations, memberships, users } from '../db/schema.ts';
import { normaliseEmail } from '../domain/password-policy.ts';
import type { Role } from '../domain/roles.ts';
import { randomToken, sha256 } from './credentials.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** Mails a colleague a link that makes them a member with the given role (valid 7 days, single use). */
export async function inviteStaff(
  ctx: AppContext,
  tenant: TenantContext,
  input: { email: string; role: Role; invitedBy: { id: string; email: string | null } },
) {
  const email = normaliseEmail(input.email);
  const [member] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenant.id)))
    .where(eq(users.email, email));
  if (member) fail('already_member', undefined, 'email');
  const token = randomToken();
  const now = ctx.clock.now();
  const row = {
    tenantId: tenant.id,
    id: newId('invt'),
    email,
    role: input.role,
    tokenHash: sha256(token),
    invitedBy: input.invitedBy.id,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    acceptedAt: null,
    createdAt: now,
  };
  await inSystemTx(ctx.db, async (tx) => {
    await tx.insert(invitations).values(row);
    await queueOwnerMessage(
      tx,
      tenant,
      email,
      'staff:invitation',
      { inviter: input.invitedBy.email ?? tenant.name, role: input.role, accept_url: `${publicUrl()}/app/invite?token=${token}` },
      `invitation:${row.id}`,
    );
  });
  return row;
}
