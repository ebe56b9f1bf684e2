export { listLedgerEntries } from './app/list-ledger-entries.ts';
export {
  type CustomerBalances,
  creditKey,
  customerBalances,
  customerCredits,
  insertJournalRows,
  type JournalSource,
  journalRows,
  type LedgerRow,
  postJournal,
} from './app/post-journal.ts';
export { ledgerEntries } from './db/schema.ts';
export * from './domain/postings.ts';
