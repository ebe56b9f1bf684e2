import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { customers } from '../../customers/index.ts';
import { SUPPORTED_LOCALES, type TenantContext } from '../../tenants/index.ts';
import { type ClientMatch, type KnownClient, matchClient, normaliseEmail } from '../domain/client-matching.ts';
import type { IntakeSender } from '../domain/intake-message.ts';

/** The clients who share a contact or the name with this sender: the only ones matching can pick. */
export async function matchSender(tx: Tx, tenantId: string, sender: IntakeSender): Promise<ClientMatch> {
  const email = sender.email ? normaliseEmail(sender.email) : null;
  const live = and(eq(customers.tenantId, tenantId), isNull(customers.mergedIntoId));
  const contacts = [email ? sql`lower(${customers.email}) = ${email}` : undefined, sender.phone ? eq(customers.phone, sender.phone) : undefined].filter(
    (condition) => condition !== undefined,
  );
  // Contact matches in full (they decide who the sender is); namesakes only as a sample for staff.
  const byContact = contacts.length
    ? await tx
        .select()
        .from(customers)
        .where(and(live, or(...contacts)))
    : [];
  const name = sender.name?.trim().toLowerCase();
  const byName = name
    ? await tx
        .select()
        .from(customers)
        .where(and(live, sql`lower(${customers.name}) = ${name}`))
        .limit(20)
    : [];
  const seen = new Set<string>();
  const known: KnownClient[] = [...byContact, ...byName]
    .filter((row) => !seen.has(row.id) && seen.add(row.id))
    .map((row) => ({
      customerId: row.id,
      name: row.name,
      email: row.email,
      emailVerified: row.emailVerified,
      phone: row.phone,
      phoneVerified: row.phoneVerified,
    }));
  return matchClient({ ...sender, email }, known);
}

/**
 * A form or chat from someone no verified contact identifies. One client who has the typed email
 * or phone is taken to be them (flagged unverified for staff: forms don't prove addresses), so a
 * returning client does not become two; otherwise a new client is made from what they told us.
 */
export async function clientForNewSender(
  tx: Tx,
  tenant: TenantContext,
  sender: IntakeSender,
  match: Extract<ClientMatch, { kind: 'new' }>,
): Promise<{ customerId: string; unverifiedMatch: boolean }> {
  const byContact = match.possibleDuplicates.filter((candidate) => candidate.reasons.some((reason) => reason !== 'name'));
  if (byContact.length === 1) {
    const customerId = byContact[0]!.customerId;
    // A number the channel proved (a shared Telegram contact) is now a verified contact of the client.
    if (sender.phoneVerified && byContact[0]!.reasons.includes('phone')) {
      await tx
        .update(customers)
        .set({ phoneVerified: true })
        .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, customerId)));
      return { customerId, unverifiedMatch: false };
    }
    return { customerId, unverifiedMatch: true };
  }
  return { customerId: await createClientFromSender(tx, tenant, sender), unverifiedMatch: false };
}

export async function createClientFromSender(tx: Tx, tenant: TenantContext, sender: IntakeSender): Promise<string> {
  const id = newId('cus');
  const locale = sender.locale?.slice(0, 2).toLowerCase();
  await tx.insert(customers).values({
    tenantId: tenant.id,
    id,
    name: sender.name?.trim() || sender.email || sender.phone || '',
    email: sender.email ? normaliseEmail(sender.email) : null,
    emailVerified: Boolean(sender.email && sender.emailVerified),
    phone: sender.phone ?? null,
    phoneVerified: Boolean(sender.phone && sender.phoneVerified),
    telegram: sender.telegramChatId ?? null,
    preferredLocales: locale && (SUPPORTED_LOCALES as readonly string[]).includes(locale) ? [locale] : [],
    createdAt: tenant.now,
  });
  return id;
}
