import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from '../../../platform/db/columns.ts';

// One row per posting line; the lines of one journal entry share journal_id and balance.
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    journalId: text('journal_id').notNull(),
    customerId: text('customer_id'),
    // The invoice (or instalment) whose receivable this line moves: aging as of any past date
    // is the sum of receivable lines per invoice up to that date.
    invoiceId: text('invoice_id'),
    account: text('account').notNull(),
    debit: bigint('debit', { mode: 'number' }).notNull().default(0),
    credit: bigint('credit', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    memo: text('memo'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('ledger_customer_idx').on(t.tenantId, t.customerId),
    index('ledger_journal_idx').on(t.tenantId, t.journalId),
    index('ledger_invoice_idx').on(t.tenantId, t.invoiceId),
    // Reports as of a past date read one account's lines up to an instant (aging: receivables and credit).
    index('ledger_account_time_idx').on(t.tenantId, t.account, t.createdAt),
  ],
);
