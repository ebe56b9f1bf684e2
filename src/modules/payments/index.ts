export { attachStripeCardOnce } from './app/attach-card-once.ts';
export { attachPaymentMethod, findDefaultPaymentMethod, listPaymentMethods } from './app/attach-payment-method.ts';
export { CARD_UPDATE_LINK_DAYS, cardUpdateUrl, completeCardUpdate, openCardUpdateLink } from './app/card-update-link.ts';
export { type AttemptOutcome, chargeAttempt, chargeAttempts, recordAttemptResult } from './app/charge-attempt.ts';
export { type AttemptInsert, attemptRow, createPaymentAttempt, defaultPaymentMethods, insertAttempts } from './app/create-payment-attempt.ts';
export { createRefund, recordGatewayRefund, sendRefundToGateway } from './app/create-refund.ts';
export { finalizeInvoice, payInvoice } from './app/finalize-invoice.ts';
export { getPayment, listInvoiceAttempts, listPayments } from './app/list-payments.ts';
export { type ManualPaymentInput, recordManualPayment } from './app/record-manual-payment.ts';
export { retryDueInvoices } from './app/retry-due-invoices.ts';
export { getRetryPolicy, loadRetryPolicy, type RetryPolicyInput, type RetryPolicySetting, updateRetryPolicy } from './app/retry-policy-settings.ts';
export { paymentAttempts, paymentMethods, payments, refunds, retryPolicySettings } from './db/schema.ts';
export { classifyDecline } from './domain/decline-codes.ts';
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type OnExhausted,
  RETRY_POLICY_LIMITS,
  type RetryDecision,
  type RetryPolicy,
  retriesDeclineKind,
} from './domain/retry-policy.ts';
