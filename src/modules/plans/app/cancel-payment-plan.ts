import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { findCustomer } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentPlans } from '../db/schema.ts';
import { type PlanState, planStatus, transitionPlan } from '../domain/payment-plan.machine.ts';
import { findPaymentPlan, planViews } from './find-payment-plan.ts';
import { moveReceivable } from './move-receivable.ts';

/**
 * Ends a plan early. What the open instalments still owe moves onto one invoice due at once
 * (sent, not charged: the arrangement that allowed autopay in parts has ended); paid
 * instalments stay paid. No money is lost and the ledger moves the receivable exactly.
 */
export async function cancelPaymentPlan(ctx: AppContext, tenant: TenantContext, id: string): Promise<void> {
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const plan = await findPaymentPlan(tx, tenant.id, id, { forUpdate: true });
    const [view] = await planViews(tx, tenant.id, [plan]);
    const status = planStatus(
      plan.status as PlanState,
      view!.instalments.map((i) => i.invoice.status),
    );
    const { next, effects } = transitionPlan(status, 'cancel');
    const openIds = view!.instalments.filter((i) => i.invoice.status === 'open' && i.invoice.amountRemaining > 0).map((i) => i.invoice.id);
    let remainderInvoiceId: string | null = null;
    if (effects.includes('move_remainder') && openIds.length > 0) {
      const unpaid = await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, openIds)))
        .for('update');
      const amount = unpaid.reduce((s, i) => s + i.amountRemaining, 0);
      const customer = await findCustomer(tx, tenant.id, plan.customerId);
      const t = translator(resolveLocale(customer.preferredLocales, tenant.locale));
      const numbers = unpaid.map((i) => i.number ?? i.id).join(', ');
      const [remainder] = await moveReceivable(
        tx,
        tenant,
        { ...plan, collectionMethod: 'send_invoice' },
        unpaid,
        [{ amount, dueDate: tenant.now, position: view!.instalments.length + 1, description: t('plans:remainder_line', { invoices: numbers }) }],
        'remainder',
      );
      remainderInvoiceId = remainder!.id;
    }
    await tx
      .update(paymentPlans)
      .set({ status: next, canceledAt: tenant.now, remainderInvoiceId })
      .where(and(eq(paymentPlans.tenantId, tenant.id), eq(paymentPlans.id, id)));
    await enqueueOutbox(tx, tenant.id, 'payment_plan.canceled', { payment_plan: id, remainder_invoice: remainderInvoiceId }, tenant.now);
  });
}
