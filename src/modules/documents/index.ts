export { renderInvoiceDocument } from './app/invoice-document.ts';
export { renderStatementDocument } from './app/statement-document.ts';
export { documentRoutes } from './http/routes.ts';
