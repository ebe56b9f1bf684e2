import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { ledgerEntries } from '../db/schema.ts';
import { isBalanced, type Posting, toDebitCredit } from '../domain/postings.ts';

export type JournalSource = {
  tenantId: string;
  customerId: string | null;
  /** The invoice whose receivable the entry moves, if any. */
  invoiceId?: string | null;
  currency: string;
  sourceType: string;
  sourceId: string;
  at: Date;
  memo?: string;
};

export type LedgerRow = typeof ledgerEntries.$inferInsert;

/** The rows of one balanced journal entry; zero lines are dropped, an unbalanced entry is a bug. */
export function journalRows(source: JournalSource, postings: Posting[]): LedgerRow[] {
  if (!isBalanced(postings)) {
    throw new Error(`Unbalanced journal for ${source.sourceType} ${source.sourceId}: ${JSON.stringify(postings)}`);
  }
  const lines = postings.filter((p) => p.amount !== 0);
  const journalId = newId('jrn');
  return lines.map((p) => ({
    tenantId: source.tenantId,
    id: newId('le'),
    journalId,
    customerId: source.customerId,
    invoiceId: p.invoiceId ?? source.invoiceId ?? null,
    account: p.account,
    ...toDebitCredit(p.amount),
    currency: source.currency,
    sourceType: source.sourceType,
    sourceId: source.sourceId,
    memo: source.memo ?? null,
    createdAt: source.at,
  }));
}

/** Writes journal rows (of one or many entries) in one statement. */
export async function insertJournalRows(tx: Tx, rows: LedgerRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(ledgerEntries).values(rows);
}

export async function postJournal(tx: Tx, source: JournalSource, postings: Posting[]): Promise<void> {
  await insertJournalRows(tx, journalRows(source, postings));
}

/** The key of `customerCredits`' map: credit is held per currency and only spent in it. */
export const creditKey = (customerId: string, currency: string) => `${customerId}:${currency}`;

/** Credit each customer holds per currency, for many customers at once (batch renewals). */
export async function customerCredits(tx: Tx, tenantId: string, customerIds: string[]): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx
    .select({
      customerId: ledgerEntries.customerId,
      currency: ledgerEntries.currency,
      credit: sql<number>`coalesce(sum(${ledgerEntries.credit} - ${ledgerEntries.debit}), 0)::float8`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.account, 'customer_credit'), inArray(ledgerEntries.customerId, customerIds)))
    .groupBy(ledgerEntries.customerId, ledgerEntries.currency);
  return new Map(rows.map((r) => [creditKey(r.customerId ?? '', r.currency), Number(r.credit)]));
}

export type CustomerBalances = { receivable: number; credit: number; badDebt: number; balance: number };

/** Derived from the ledger, never stored: what the customer owes and what credit they hold. */
/**
 * With `currency`, only that currency's entries (what finalising or refunding in it may use);
 * without, a sum over currencies (a summary for a single-currency customer).
 */
export async function customerBalances(tx: Tx, tenantId: string, customerId: string, currency?: string): Promise<CustomerBalances> {
  const rows = await tx
    .select({
      account: ledgerEntries.account,
      net: sql<number>`coalesce(sum(${ledgerEntries.debit} - ${ledgerEntries.credit}), 0)::float8`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.customerId, customerId), currency ? eq(ledgerEntries.currency, currency) : undefined))
    .groupBy(ledgerEntries.account);
  const net = (account: string) => Number(rows.find((r) => r.account === account)?.net ?? 0);
  const receivable = net('accounts_receivable');
  const credit = -net('customer_credit');
  return { receivable, credit, badDebt: net('bad_debt'), balance: receivable - credit };
}
