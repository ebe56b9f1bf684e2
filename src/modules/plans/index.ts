import { onOutboxTopic } from '../../platform/jobs/outbox-delivery.ts';
import { onInvoicePaidCreditDeposit } from './app/credit-paid-deposit.ts';
import { recordRenewalCreditWarning } from './app/record-renewal-credit-warning.ts';

export { cancelPaymentPlan } from './app/cancel-payment-plan.ts';
export { type CreateDepositInput, createDeposit } from './app/create-deposit.ts';
export { type CreatePlanInput, createPaymentPlan } from './app/create-payment-plan.ts';
export { creditPaidDeposit, depositPaymentListener } from './app/credit-paid-deposit.ts';
export { getPaymentPlan, listPaymentPlans, type PlanView } from './app/find-payment-plan.ts';
export { paymentPlanInvoices, paymentPlans } from './db/schema.ts';
export { planStatus } from './domain/payment-plan.machine.ts';

/** The plans module's outbox subscribers: paid deposits become credit; renewals past the credit policy are recorded. */
export function registerPlanSubscribers(): void {
  onOutboxTopic('invoice.paid', onInvoicePaidCreditDeposit);
  onOutboxTopic('invoice.finalized', recordRenewalCreditWarning);
}
