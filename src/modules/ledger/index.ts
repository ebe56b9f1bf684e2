export { listLedgerEntries } from './app/list-ledger-entries.ts';
export { type CustomerBalances, customerBalances, type JournalSource, postJournal } from './app/post-journal.ts';
export { ledgerEntries } from './db/schema.ts';
export * from './domain/postings.ts';
