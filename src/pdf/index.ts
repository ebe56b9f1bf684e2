/** Documents Duly prints: invoices and customer statements, in the client's language, with fonts for every supported script. */
export type { BusinessDetails, CustomerDetails } from './document.ts';
export type { InvoicePdfInput, InvoicePdfLine, InvoicePdfStatus, RenderOptions } from './invoice-pdf.ts';
export { renderInvoicePdf } from './invoice-pdf.ts';
export type { Aging, OpenItem, StatementEntry, StatementEntryKind } from './statement-data.ts';
export { aging, statementRows } from './statement-data.ts';
export type { StatementPdfInput } from './statement-pdf.ts';
export { renderStatementPdf } from './statement-pdf.ts';
