import { unix } from '../../../platform/http/dto.ts';
import type { paymentAttempts, paymentMethods, payments, refunds } from '../db/schema.ts';

export const attemptDto = (a: typeof paymentAttempts.$inferSelect) => ({
  id: a.id,
  object: 'payment_attempt' as const,
  invoice: a.invoiceId,
  attempt_number: a.attemptNumber,
  payment_method: a.paymentMethodId,
  amount: a.amount,
  currency: a.currency,
  status: a.status,
  decline_code: a.declineCode,
  decline_kind: a.declineKind,
  failure_message: a.failureMessage,
  charge: a.gatewayChargeId,
  created: unix(a.createdAt),
  completed_at: unix(a.completedAt),
});

export const paymentMethodDto = (pm: typeof paymentMethods.$inferSelect) => ({
  id: pm.id,
  object: 'payment_method' as const,
  customer: pm.customerId,
  type: 'card' as const,
  card: { brand: pm.brand, last4: pm.last4, exp_month: pm.expMonth, exp_year: pm.expYear },
  default: pm.isDefault,
  created: unix(pm.createdAt),
});

export const paymentDto = (p: typeof payments.$inferSelect) => ({
  id: p.id,
  object: 'payment' as const,
  customer: p.customerId,
  invoice: p.invoiceId,
  method: p.method,
  amount: p.amount,
  amount_applied: p.amountApplied,
  amount_to_credit: p.amountToCredit,
  amount_refunded: p.amountRefunded,
  currency: p.currency,
  reference: p.reference,
  created: unix(p.receivedAt),
});

export const refundDto = (r: typeof refunds.$inferSelect) => ({
  id: r.id,
  object: 'refund' as const,
  payment: r.paymentId,
  amount: r.amount,
  currency: r.currency,
  reason: r.reason,
  status: r.status,
  failure_message: r.failureMessage,
  created: unix(r.createdAt),
});
