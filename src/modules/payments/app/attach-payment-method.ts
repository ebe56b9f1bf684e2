import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, rows, type Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import { scheduleInvoiceRetry } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentMethods } from '../db/schema.ts';

/** Saves a card for a customer through the gateway; only the token and display facts are kept. */
export async function attachPaymentMethod(ctx: AppContext, tenant: TenantContext, customerId: string, token: string) {
  await inTenantTx(ctx.db, tenant.id, (tx) => findCustomer(tx, tenant.id, customerId));
  const card = await ctx.gateway.savePaymentMethod({ token, customerRef: customerId, tenantId: tenant.id });
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    // The newest card becomes the default: it is the one the client just gave us.
    await tx
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.tenantId, tenant.id), eq(paymentMethods.customerId, customerId)));
    const [row] = await tx
      .insert(paymentMethods)
      .values({
        tenantId: tenant.id,
        id: newId('pm'),
        customerId,
        gateway: card.gateway ?? ctx.gateway.name,
        gatewayToken: card.token,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        isDefault: true,
        createdAt: tenant.now,
      })
      .returning();
    await enqueueOutbox(tx, tenant.id, 'payment_method.attached', { customer: customerId, payment_method: row!.id }, tenant.now);
    // Invoices whose last charge was declined and that wait for no scheduled retry (an expired or
    // refused card) are charged again right away with the new card.
    const waiting = await rows<{ id: string }>(
      tx,
      sql`select i.id from invoices i
          where i.tenant_id = ${tenant.id} and i.customer_id = ${customerId} and i.status = 'open'
            and i.collection_method = 'charge_automatically' and i.next_payment_attempt is null
            and (select a.status from payment_attempts a where a.tenant_id = i.tenant_id and a.invoice_id = i.id
                 order by a.attempt_number desc limit 1) = 'failed'`,
    );
    for (const invoice of waiting) await scheduleInvoiceRetry(tx, tenant.id, invoice.id, tenant.now);
    return row!;
  });
}

export async function findDefaultPaymentMethod(tx: Tx, tenantId: string, customerId: string) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.customerId, customerId), isNull(paymentMethods.detachedAt)))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id))
    .limit(1);
  return row ?? null;
}

export function listPaymentMethods(ctx: AppContext, tenant: TenantContext, customerId: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    await findCustomer(tx, tenant.id, customerId);
    return tx
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.tenantId, tenant.id), eq(paymentMethods.customerId, customerId), isNull(paymentMethods.detachedAt)))
      .orderBy(desc(paymentMethods.id));
  });
}
