import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { telegramLinks } from '../../../platform/db/schema.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { normaliseEmail, normaliseName, normalisePhone } from '../../intake/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { customers } from '../db/schema.ts';
import { findCustomer } from './get-customer.ts';

export const DUPLICATE_REASONS = ['email', 'phone', 'telegram', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

type CustomerRow = typeof customers.$inferSelect;

/** What makes two records look like one person: each key is `<reason>:<normalised value>`. */
export type DuplicateKey = { reason: DuplicateReason; value: string };

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Stored phones are already E.164 (the API and every channel store them so); libphonenumber is
 * asked only about the odd legacy value, as parsing costs ~50 µs and a review scans every client.
 */
function phoneKey(phone: string): string | null {
  return E164.test(phone) ? phone : normalisePhone(phone);
}

/** A Telegram handle or chat id as staff or the bot wrote it: `@Anna`, `anna` and `ANNA` are one. */
function telegramKey(telegram: string): string | null {
  const key = telegram.trim().replace(/^@/, '').toLowerCase();
  return key === '' ? null : key;
}

export function duplicateKeys(row: Pick<CustomerRow, 'name' | 'email' | 'phone' | 'telegram'>, linkedChats: readonly string[] = []): DuplicateKey[] {
  const keys: DuplicateKey[] = [];
  const email = row.email ? normaliseEmail(row.email) : '';
  if (email) keys.push({ reason: 'email', value: email });
  const phone = row.phone ? phoneKey(row.phone) : null;
  if (phone) keys.push({ reason: 'phone', value: phone });
  const chats = new Set([row.telegram ? telegramKey(row.telegram) : null, ...linkedChats.map(telegramKey)]);
  for (const chat of chats) if (chat) keys.push({ reason: 'telegram', value: chat });
  const name = normaliseName(row.name);
  if (name) keys.push({ reason: 'name', value: name });
  return keys;
}

export type ClientCard = { id: string; keys: DuplicateKey[] };

/**
 * Every client of the business that is not merged away, with its duplicate keys. Names compare
 * without accents, which SQL cannot do portably, so matching happens here rather than in a query;
 * only the columns that match are read (10,000 clients: see docs/merging-clients.md).
 */
export async function loadClientCards(tx: Tx, tenantId: string): Promise<ClientCard[]> {
  const rows = await tx
    .select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, telegram: customers.telegram })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isNull(customers.mergedIntoId)));
  const links = await tx
    .select({ chatId: telegramLinks.chatId, customerId: telegramLinks.customerId })
    .from(telegramLinks)
    .where(and(eq(telegramLinks.tenantId, tenantId), isNotNull(telegramLinks.customerId)));
  const chatsOf = new Map<string, string[]>();
  for (const link of links) {
    const chats = chatsOf.get(link.customerId!);
    if (chats) chats.push(link.chatId);
    else chatsOf.set(link.customerId!, [link.chatId]);
  }
  return rows.map((row) => ({ id: row.id, keys: duplicateKeys(row, chatsOf.get(row.id)) }));
}

/** The full records of the clients a page shows. */
export async function customersById(tx: Tx, tenantId: string, ids: readonly string[]): Promise<Map<string, CustomerRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, [...ids])));
  return new Map(rows.map((row) => [row.id, row]));
}

const keyString = (key: DuplicateKey) => `${key.reason}:${key.value}`;

export type PossibleDuplicate = { customer: CustomerRow; reasons: DuplicateReason[] };

/**
 * The other clients of this business who share a normalised email, E.164 phone, Telegram chat or
 * name with this one, newest first, each with what they share. A merged-away record has none:
 * everything it had now belongs to the client it was merged into.
 */
export async function findPossibleDuplicates(
  ctx: AppContext,
  tenant: TenantContext,
  customerId: string,
  page: { limit: number; startingAfter?: string },
): Promise<PossibleDuplicate[]> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const subject = await findCustomer(tx, tenant.id, customerId);
    if (subject.mergedIntoId) return [];
    const cards = await loadClientCards(tx, tenant.id);
    const wanted = new Set((cards.find((card) => card.id === customerId)?.keys ?? []).map(keyString));
    const found = cards
      .filter((card) => card.id !== customerId && (!page.startingAfter || card.id < page.startingAfter))
      .map((card) => {
        const reasons = new Set(card.keys.filter((key) => wanted.has(keyString(key))).map((key) => key.reason));
        return { id: card.id, reasons: DUPLICATE_REASONS.filter((reason) => reasons.has(reason)) };
      })
      .filter((candidate) => candidate.reasons.length > 0)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, page.limit + 1);
    const rows = await customersById(
      tx,
      tenant.id,
      found.map((candidate) => candidate.id),
    );
    return found.map((candidate) => ({ customer: rows.get(candidate.id)!, reasons: candidate.reasons }));
  });
}
