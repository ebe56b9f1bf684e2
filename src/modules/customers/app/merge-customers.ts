import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
// A merge is the one use case that touches every module's rows of a client, so it reads the
// tables from the schema that lists them all rather than through ten module surfaces.
import {
  cardUpdateLinks,
  collectionCases,
  collectionTasks,
  creditNotes,
  creditWarnings,
  disputes,
  dunningSteps,
  intakeRequests,
  invoiceDunning,
  invoices,
  ledgerEntries,
  messages,
  paymentAttempts,
  paymentMethods,
  paymentPlans,
  payments,
  portalSessions,
  portalTokens,
  refunds,
  stripeCustomers,
  subscriptions,
  telegramLinks,
} from '../../../platform/db/schema.ts';
import { inTenantTx, rows, type Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { normaliseEmail } from '../../intake/index.ts';
import { customerBalances } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { customers } from '../db/schema.ts';

type CustomerRow = typeof customers.$inferSelect;
type Scope = { tenantId: string; survivorId: string; duplicateId: string; now: Date };
type Step = (tx: Tx, scope: Scope) => Promise<number>;

async function count(tx: Tx, statement: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(tx, sql`with changed as (${statement} returning 1) select count(*)::int as n from changed`);
  return Number(row?.n ?? 0);
}

/** The duplicate's rows of `table` become the survivor's. */
const move =
  (table: PgTable): Step =>
  (tx, s) =>
    count(tx, sql`update ${table} set customer_id = ${s.survivorId} where tenant_id = ${s.tenantId} and customer_id = ${s.duplicateId}`);

/** One default card per client: the survivor's stays the default when it has one. */
const movePaymentMethods: Step = async (tx, s) => {
  const [held] = await tx
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, s.tenantId),
        eq(paymentMethods.customerId, s.survivorId),
        eq(paymentMethods.isDefault, true),
        isNull(paymentMethods.detachedAt),
      ),
    )
    .limit(1);
  if (held) {
    await tx
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.tenantId, s.tenantId), eq(paymentMethods.customerId, s.duplicateId)));
  }
  return move(paymentMethods)(tx, s);
};

/**
 * One Stripe Customer per client (the table's key). When the survivor has its own, the
 * duplicate's mapping stays where it is: its saved cards still charge, since each card's token
 * names the Stripe Customer it was saved under.
 */
const moveStripeCustomer: Step = async (tx, s) => {
  const [held] = await tx
    .select({ id: stripeCustomers.stripeCustomerId })
    .from(stripeCustomers)
    .where(and(eq(stripeCustomers.tenantId, s.tenantId), eq(stripeCustomers.customerId, s.survivorId)));
  return held ? 0 : move(stripeCustomers)(tx, s);
};

/**
 * At most one unsettled case per client and currency: when both have one, the duplicate's
 * invoices, steps and tasks join the further-escalated case and the other case closes as merged.
 */
const foldCollectionCases: Step = async (tx, s) => {
  const open = await tx
    .select()
    .from(collectionCases)
    .where(
      and(eq(collectionCases.tenantId, s.tenantId), inArray(collectionCases.customerId, [s.survivorId, s.duplicateId]), ne(collectionCases.state, 'closed')),
    )
    .for('update');
  for (const theirs of open.filter((c) => c.customerId === s.duplicateId)) {
    const ours = open.find((c) => c.customerId === s.survivorId && c.currency === theirs.currency);
    if (!ours) continue;
    const [keep, fold] = theirs.state === 'in_collections' && ours.state === 'open' ? [theirs, ours] : [ours, theirs];
    for (const table of [invoiceDunning, dunningSteps, collectionTasks]) {
      await tx.execute(sql`update ${table} set case_id = ${keep.id} where tenant_id = ${s.tenantId} and case_id = ${fold.id}`);
    }
    await tx
      .update(collectionCases)
      .set({ state: 'closed', closedAt: s.now, closedReason: 'merged' })
      .where(and(eq(collectionCases.tenantId, s.tenantId), eq(collectionCases.id, fold.id)));
  }
  return move(collectionCases)(tx, s);
};

/** Requests move; their lists of possible duplicates name the survivor instead, never the request's own client. */
const moveIntakeRequests: Step = async (tx, s) => {
  const moved = await move(intakeRequests)(tx, s);
  const naming = await tx
    .select({ id: intakeRequests.id, customerId: intakeRequests.customerId, possibleDuplicates: intakeRequests.possibleDuplicates })
    .from(intakeRequests)
    .where(
      and(eq(intakeRequests.tenantId, s.tenantId), sql`${intakeRequests.possibleDuplicates} @> ${JSON.stringify([{ customer_id: s.duplicateId }])}::jsonb`),
    );
  for (const request of naming) {
    const reasons = new Map<string, Set<string>>();
    for (const candidate of request.possibleDuplicates) {
      const id = candidate.customer_id === s.duplicateId ? s.survivorId : candidate.customer_id;
      if (id !== request.customerId) reasons.set(id, new Set([...(reasons.get(id) ?? []), ...candidate.reasons]));
    }
    await tx
      .update(intakeRequests)
      .set({ possibleDuplicates: [...reasons].map(([id, set]) => ({ customer_id: id, reasons: [...set] })) })
      .where(and(eq(intakeRequests.tenantId, s.tenantId), eq(intakeRequests.id, request.id)));
  }
  return moved;
};

/**
 * Portal sign-ins of the duplicate end rather than move: a browser signed in as the duplicate
 * should not wake up seeing the survivor's invoices. The client signs in again as the survivor.
 */
const revokePortalSessions: Step = (tx, s) =>
  count(tx, sql`update ${portalSessions} set revoked_at = ${s.now} where tenant_id = ${s.tenantId} and customer_id = ${s.duplicateId} and revoked_at is null`);
const expirePortalTokens: Step = (tx, s) =>
  count(
    tx,
    sql`update ${portalTokens} set expires_at = ${s.now} where tenant_id = ${s.tenantId} and customer_id = ${s.duplicateId} and used_at is null and expires_at > ${s.now}`,
  );

/**
 * What a merge does with every table that has a customer_id column. A test compares this list
 * with the schema, so a new table cannot be forgotten and leave rows behind on a merged record.
 */
export const MERGE_PLAN: readonly { table: PgTable; step: Step }[] = [
  ...[invoices, creditNotes, invoiceDunning, payments, paymentAttempts, refunds, cardUpdateLinks].map((table) => ({ table, step: move(table) })),
  ...[subscriptions, paymentPlans, ledgerEntries, disputes, messages, creditWarnings, telegramLinks].map((table) => ({ table, step: move(table) })),
  { table: paymentMethods, step: movePaymentMethods },
  { table: stripeCustomers, step: moveStripeCustomer },
  { table: collectionCases, step: foldCollectionCases },
  { table: intakeRequests, step: moveIntakeRequests },
  { table: portalSessions, step: revokePortalSessions },
  { table: portalTokens, step: expirePortalTokens },
];

export const MERGE_HANDLED_TABLES: readonly string[] = MERGE_PLAN.map((entry) => getTableConfig(entry.table).name);

type Contact = { value: string | null; verified: boolean };

/** The survivor's contact, or the duplicate's when the survivor has none; proof travels with the contact it proves. */
function mergedContact(ours: Contact, theirs: Contact, same: (a: string, b: string) => boolean): Contact {
  if (ours.value === null) return theirs.value === null ? ours : theirs;
  if (theirs.value !== null && same(ours.value, theirs.value)) return { value: ours.value, verified: ours.verified || theirs.verified };
  return ours;
}

/**
 * The survivor's record after the merge: its own values win; what it lacks comes from the
 * duplicate. Billing settings (terms, credit limit and policy) stay the survivor's; an opt-out
 * from marketing on either record is respected.
 */
export function mergedProfile(survivor: CustomerRow, duplicate: CustomerRow) {
  const email = mergedContact(
    { value: survivor.email, verified: survivor.emailVerified },
    { value: duplicate.email, verified: duplicate.emailVerified },
    (a, b) => normaliseEmail(a) === normaliseEmail(b),
  );
  const phone = mergedContact(
    { value: survivor.phone, verified: survivor.phoneVerified },
    { value: duplicate.phone, verified: duplicate.phoneVerified },
    (a, b) => a === b,
  );
  const notes = [...new Set([survivor.notes, duplicate.notes].filter((note): note is string => Boolean(note?.trim())))];
  return {
    email: email.value,
    emailVerified: email.verified,
    phone: phone.value,
    phoneVerified: phone.verified,
    telegram: survivor.telegram ?? duplicate.telegram,
    preferredLocales: survivor.preferredLocales.length > 0 ? survivor.preferredLocales : duplicate.preferredLocales,
    timezone: survivor.timezone ?? duplicate.timezone,
    taxId: survivor.taxId ?? duplicate.taxId,
    tags: [...new Set([...survivor.tags, ...duplicate.tags])],
    notes: notes.length > 0 ? notes.join('\n\n') : null,
    metadata: { ...duplicate.metadata, ...survivor.metadata },
    marketingOptOut: survivor.marketingOptOut || duplicate.marketingOptOut,
  };
}

async function lockPair(tx: Tx, tenantId: string, survivorId: string, duplicateId: string): Promise<[CustomerRow, CustomerRow]> {
  if (survivorId === duplicateId) fail('customer_merge_same', undefined, 'duplicate_id');
  // Both rows locked in one statement: a concurrent merge of the same pair waits, then sees the merge.
  const locked = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, [survivorId, duplicateId])))
    .orderBy(customers.id)
    .for('update');
  const survivor = locked.find((row) => row.id === survivorId);
  const duplicate = locked.find((row) => row.id === duplicateId);
  if (!survivor) notFound('customer', survivorId, 'id');
  if (!duplicate) notFound('customer', duplicateId, 'duplicate_id');
  if (survivor.mergedIntoId) fail('customer_already_merged', `Customer '${survivorId}' was merged into '${survivor.mergedIntoId}'.`, 'id');
  if (duplicate.mergedIntoId) fail('customer_already_merged', `Customer '${duplicateId}' was merged into '${duplicate.mergedIntoId}'.`, 'duplicate_id');
  return [survivor, duplicate];
}

/**
 * Staff decided two records are one client (I7): in one transaction everything of the duplicate
 * becomes the survivor's (invoices, payments, cards, subscriptions, ledger lines, messages,
 * requests, Telegram chats ...), the survivor gains what it lacked, and the duplicate stays as a
 * record pointing at the survivor, hidden from lists. Balances follow the ledger lines they sum.
 */
export async function mergeCustomers(ctx: AppContext, tenant: TenantContext, input: { survivorId: string; duplicateId: string }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const [survivor, duplicate] = await lockPair(tx, tenant.id, input.survivorId, input.duplicateId);
    const scope: Scope = { tenantId: tenant.id, survivorId: survivor.id, duplicateId: duplicate.id, now: tenant.now };
    const moved: Record<string, number> = {};
    for (const { table, step } of MERGE_PLAN) moved[getTableConfig(table).name] = await step(tx, scope);

    const [merged] = await tx
      .update(customers)
      .set(mergedProfile(survivor, duplicate))
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, survivor.id)))
      .returning();
    await tx
      .update(customers)
      .set({ mergedIntoId: survivor.id })
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, duplicate.id)));
    // Records merged into the duplicate earlier now point straight at the survivor: one hop to follow.
    await tx
      .update(customers)
      .set({ mergedIntoId: survivor.id })
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.mergedIntoId, duplicate.id)));
    await enqueueOutbox(tx, tenant.id, 'customer.merged', { customer: survivor.id, merged_customer: duplicate.id, moved }, tenant.now);
    return { ...merged!, balances: await customerBalances(tx, tenant.id, survivor.id), moved };
  });
}
