import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentMethods } from '../db/schema.ts';

/** Saves a card for a customer through the gateway; only the token and display facts are kept. */
export async function attachPaymentMethod(ctx: AppContext, tenant: TenantContext, customerId: string, token: string) {
  await inTenantTx(ctx.db, tenant.id, (tx) => findCustomer(tx, tenant.id, customerId));
  const card = await ctx.gateway.savePaymentMethod({ token, customerRef: customerId });
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
        gateway: ctx.gateway.name,
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
