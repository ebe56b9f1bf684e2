export { attachPaymentMethod, findDefaultPaymentMethod, listPaymentMethods } from './app/attach-payment-method.ts';
export { type AttemptOutcome, chargeAttempt, chargeAttempts } from './app/charge-attempt.ts';
export { type AttemptInsert, attemptRow, createPaymentAttempt, defaultPaymentMethods, insertAttempts } from './app/create-payment-attempt.ts';
export { createRefund, sendRefundToGateway } from './app/create-refund.ts';
export { finalizeInvoice, payInvoice } from './app/finalize-invoice.ts';
export { getPayment, listInvoiceAttempts, listPayments } from './app/list-payments.ts';
export { type ManualPaymentInput, recordManualPayment } from './app/record-manual-payment.ts';
export { paymentAttempts, paymentMethods, payments, refunds } from './db/schema.ts';
export { classifyDecline } from './domain/decline-codes.ts';
