import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { memberships, users } from '../db/schema.ts';
import { normaliseEmail, passwordProblem } from '../domain/password-policy.ts';
import type { Role } from '../domain/roles.ts';
import { hashPassword, randomToken } from './credentials.ts';

export type AddStaffUserInput = { tenantId: string; email: string; role: Role; password?: string; name?: string | null; locale?: string };

/**
 * Gives a person a role in a business (CLI, demo seed, new businesses): creates the account when the
 * email is new, with the given password or a generated one, which is returned only then.
 */
export async function addStaffUser(ctx: AppContext, input: AddStaffUserInput): Promise<{ userId: string; email: string; password: string | null }> {
  const email = normaliseEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail('parameter_invalid', 'That is not an email address.', 'email');
  const now = ctx.clock.now();
  const [existing] = await ctx.db.select().from(users).where(eq(users.email, email));
  let password: string | null = null;
  let userId = existing?.id;
  if (!existing) {
    password = input.password ?? randomToken(12);
    const problem = passwordProblem(password, email);
    if (problem) fail('password_too_weak', problem, 'password');
    userId = newId('usr');
    const passwordHash = await hashPassword(password);
    await inSystemTx(ctx.db, async (tx) => {
      await tx.insert(users).values({ id: userId!, email, name: input.name ?? null, passwordHash, locale: input.locale ?? 'en', createdAt: now });
      await tx.insert(memberships).values({ tenantId: input.tenantId, userId: userId!, role: input.role, createdAt: now });
    });
  } else {
    await ctx.db
      .insert(memberships)
      .values({ tenantId: input.tenantId, userId: existing.id, role: input.role, createdAt: now })
      .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role: input.role } });
  }
  return { userId: userId!, email, password };
}
