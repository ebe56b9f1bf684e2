export { createCreditNote, listCreditNotes } from './app/create-credit-note.ts';
export { type CreateInvoiceInput, createInvoice, type OneOffLineInput } from './app/create-invoice.ts';
export { finalizeDraft } from './app/finalize-draft.ts';
export { findInvoice, findInvoiceLines, getInvoice, type InvoiceLineRow, type InvoiceRow, listInvoices } from './app/find-invoice.ts';
export { type DraftInvoiceInput, type DraftLine, insertDraftInvoice } from './app/insert-draft-invoice.ts';
export { type Settlement, settleInvoice } from './app/settle-invoice.ts';
export { markInvoiceUncollectible, voidInvoice } from './app/void-invoice.ts';
export { creditNotes, invoiceLines, invoices } from './db/schema.ts';
export { computeInvoiceTotals } from './domain/invoice-totals.ts';
