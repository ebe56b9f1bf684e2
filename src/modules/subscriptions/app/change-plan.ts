import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findPrices } from '../../catalog/index.ts';
import { findCustomer } from '../../customers/index.ts';
import { assertInvoiceable, type DraftLine, finalizeDraft, insertDraftInvoice } from '../../invoicing/index.ts';
import { chargeAttempt, createPaymentAttempt } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { subscriptionItems } from '../db/schema.ts';
import { periodBeforeAnchor } from '../domain/billing-window.ts';
import { prorate } from '../domain/proration.ts';
import { findSubscription, withItems } from './find-subscription.ts';
import { scheduleOf } from './renew-subscription.ts';
import { itemLine, loadItems } from './subscription-lines.ts';

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
    if (sub.status === 'canceled') fail('subscription_canceled');
    const newPrices = await findPrices(
      tx,
      tenant.id,
      input.items.map((i) => i.price),
      'items[price]',
    );
    for (const [i, price] of newPrices.entries()) {
      if (price.type !== 'recurring') fail('price_not_recurring', undefined, `items[${i}][price]`);
      if (price.interval !== sub.interval || price.intervalCount !== sub.intervalCount) fail('interval_mismatch', undefined, `items[${i}][price]`);
      if (price.currency !== sub.currency) fail('currency_mismatch', undefined, `items[${i}][price]`);
    }
    assertInvoiceable(input.items.map((item, i) => ({ unitAmount: newPrices[i]!.unitAmount, quantity: item.quantity })));
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

    const inPaidPeriod = sub.currentPeriodIndex >= -1 && sub.currentPeriodEnd.getTime() > tenant.now.getTime() && sub.status !== 'trialing';
    if ((input.prorationBehavior ?? 'always_invoice') === 'none' || !inPaidPeriod) return null;
    const period = { start: sub.currentPeriodStart, end: sub.currentPeriodEnd };
    // A stub before the anchor day was billed as its share of a full period: measure against the same yardstick.
    const yardstick = sub.currentPeriodIndex === -1 ? periodBeforeAnchor(scheduleOf(sub)) : period;
    const share = (amount: number) =>
      prorate({ periodStart: yardstick.start, periodEnd: yardstick.end, changeAt: tenant.now, oldAmount: amount, newAmount: amount });
    const lines: DraftLine[] = [
      ...oldItems.map((item) =>
        itemLine(
          item,
          { start: tenant.now, end: period.end },
          { unitAmount: share(item.price.unitAmount).credit, description: `Unused time on ${item.price.nickname ?? item.price.productId}`, proration: true },
        ),
      ),
      ...input.items.map((item, i) => {
        const price = newPrices[i]!;
        const withPrice = { id: '', quantity: item.quantity, price };
        return itemLine(
          withPrice,
          { start: tenant.now, end: period.end },
          { unitAmount: share(price.unitAmount).charge, description: `Remaining time on ${price.nickname ?? price.productId}`, proration: true },
        );
      }),
    ];
    const customer = await findCustomer(tx, tenant.id, sub.customerId);
    const draft = await insertDraftInvoice(tx, tenant, {
      customerId: sub.customerId,
      currency: sub.currency,
      collectionMethod: sub.collectionMethod as 'charge_automatically',
      billingReason: 'subscription_update',
      subscriptionId: id,
      periodStart: tenant.now,
      periodEnd: period.end,
      daysUntilDue: sub.daysUntilDue ?? customer.paymentTermsDays ?? tenant.paymentTermsDays,
      lines,
    });
    const invoice = await finalizeDraft(tx, tenant, draft!.id, customer.paymentTermsDays ?? tenant.paymentTermsDays);
    return invoice.collectionMethod === 'charge_automatically' ? createPaymentAttempt(tx, tenant, invoice) : null;
  });
  if (attemptId) await chargeAttempt(ctx, tenant, attemptId);
  return inTenantTx(ctx.db, tenant.id, async (tx) => withItems(tx, await findSubscription(tx, tenant.id, id)));
}
