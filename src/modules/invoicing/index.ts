export {
  assessLateFee,
  assessLateFeeByHand,
  decideLateFee,
  type LateFeeDecision,
  type LateFeeRef,
  type LateFeeSkip,
  listInvoiceLateFees,
  listLateFees,
} from './app/assess-late-fee.ts';
export { createCreditNote, listCreditNotes } from './app/create-credit-note.ts';
export { type CreateInvoiceInput, createInvoice, type OneOffLineInput } from './app/create-invoice.ts';
export { deleteDraftInvoice } from './app/delete-draft-invoice.ts';
export { finalizeDraft, reserveInvoiceNumbers } from './app/finalize-draft.ts';
export { findInvoice, findInvoiceLines, getInvoice, type InvoiceLineRow, type InvoiceRow, listInvoices } from './app/find-invoice.ts';
export { type DraftInvoiceInput, type DraftLine, insertDraftInvoice } from './app/insert-draft-invoice.ts';
export { type IssuedInvoice, type IssueRequest, issuePeriodInvoices } from './app/issue-invoices.ts';
export {
  getPaymentTerms,
  loadPaymentTerms,
  type PaymentTerms,
  type PaymentTermsInput,
  updatePaymentTerms,
} from './app/payment-terms-settings.ts';
export { scheduleInvoiceRetry } from './app/schedule-payment-retry.ts';
export { type Settlement, settleInvoice } from './app/settle-invoice.ts';
export { markInvoiceUncollectible, voidInvoice } from './app/void-invoice.ts';
export { creditNotes, invoiceLines, invoices, paymentTermsSettings } from './db/schema.ts';
export { applyCredit, assertInvoiceable, computeInvoiceTotals } from './domain/invoice-totals.ts';
export { amountToSettle, bpToPercent, discountAvailable, lateFeeOf, payByOf, percentToBp } from './domain/payment-terms.ts';
