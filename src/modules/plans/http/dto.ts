import { unix } from '../../../platform/http/dto.ts';
import type { TenantContext } from '../../tenants/index.ts';
import type { PlanView } from '../app/find-payment-plan.ts';
import { type PlanState, planStatus } from '../domain/payment-plan.machine.ts';

export function paymentPlanDto(view: PlanView, tenant: TenantContext) {
  const { plan, originals, instalments } = view;
  const sum = (pick: (i: PlanView['instalments'][number]) => number) => instalments.reduce((s, i) => s + pick(i), 0);
  return {
    id: plan.id,
    object: 'payment_plan' as const,
    customer: plan.customerId,
    currency: plan.currency,
    status: planStatus(
      plan.status as PlanState,
      instalments.map((i) => i.invoice.status),
    ),
    amount: plan.amount,
    amount_paid: sum((i) => i.invoice.amountPaid),
    amount_remaining: sum((i) => i.invoice.amountRemaining),
    collection_method: plan.collectionMethod,
    invoices: originals.map((o) => o.id),
    instalments: instalments.map(({ position, invoice, attemptCount }) => ({
      position,
      invoice: invoice.id,
      number: invoice.number,
      amount: invoice.total,
      due_date: unix(invoice.dueDate),
      status: invoice.status,
      past_due: invoice.status === 'open' && invoice.dueDate !== null && invoice.dueDate.getTime() < tenant.now.getTime(),
      amount_paid: invoice.amountPaid,
      amount_remaining: invoice.amountRemaining,
      amount_rescheduled: invoice.amountRescheduled,
      attempt_count: attemptCount,
      next_payment_attempt: unix(invoice.nextPaymentAttempt),
      paid_at: unix(invoice.status === 'paid' && invoice.amountRescheduled === 0 ? invoice.paidAt : null),
    })),
    remainder_invoice: plan.remainderInvoiceId,
    canceled_at: unix(plan.canceledAt),
    created: unix(plan.createdAt),
  };
}
