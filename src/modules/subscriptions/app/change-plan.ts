import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import { finalizeDraft, insertDraftInvoice } from '../../invoicing/index.ts';
import { chargeAttempt, createPaymentAttempt } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptionItems } from '../db/schema.ts';
import { findSubscription, withItems } from './find-subscription.ts';
import { loadNewPrices, planChangeLines } from './plan-change-lines.ts';
import { loadItems } from './subscription-lines.ts';

export type ChangePlanInput = {
  items: { price: string; quantity: number }[];
  prorationBehavior?: 'always_invoice' | 'none';
};

/**
 * Replaces the subscription's items mid-period. With proration the client gets credit for the
 * unused time of the old plan and pays for the rest of the period on the new one, on an invoice
 * issued now; a net credit stays on their balance for the next invoice.
 */
export async function changePlan(ctx: AppContext, tenant: TenantContext, id: string, input: ChangePlanInput) {
  const attemptId = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const sub = await findSubscription(tx, tenant.id, id, true);
    const newPrices = await loadNewPrices(tx, tenant.id, sub, input.items);
    const oldItems = await loadItems(tx, tenant.id, id);
    await tx.delete(subscriptionItems).where(and(eq(subscriptionItems.tenantId, tenant.id), eq(subscriptionItems.subscriptionId, id)));
    await tx.insert(subscriptionItems).values(
      input.items.map((item) => ({
        tenantId: tenant.id,
        id: newId('si'),
        subscriptionId: id,
        priceId: item.price,
        quantity: item.quantity,
        createdAt: tenant.now,
      })),
    );
    await enqueueOutbox(tx, tenant.id, 'subscription.updated', { subscription: id, items: input.items }, tenant.now);

    const change = planChangeLines(sub, oldItems, input.items, newPrices, tenant.now, input.prorationBehavior);
    if (!change) return null;
    const customer = await findCustomer(tx, tenant.id, sub.customerId);
    const draft = await insertDraftInvoice(tx, tenant, {
      customerId: sub.customerId,
      currency: sub.currency,
      collectionMethod: sub.collectionMethod as 'charge_automatically',
      billingReason: 'subscription_update',
      subscriptionId: id,
      periodStart: tenant.now,
      periodEnd: change.period.end,
      daysUntilDue: sub.daysUntilDue ?? customer.paymentTermsDays ?? tenant.paymentTermsDays,
      lines: change.lines,
    });
    const invoice = await finalizeDraft(tx, tenant, draft!.id, customer.paymentTermsDays ?? tenant.paymentTermsDays);
    return invoice.collectionMethod === 'charge_automatically' ? createPaymentAttempt(tx, tenant, invoice) : null;
  });
  if (attemptId) await chargeAttempt(ctx, tenant, attemptId);
  return inTenantTx(ctx.db, tenant.id, async (tx) => withItems(tx, await findSubscription(tx, tenant.id, id)));
}
