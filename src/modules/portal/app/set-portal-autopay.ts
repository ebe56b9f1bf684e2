import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { findDefaultPaymentMethod } from '../../payments/index.ts';
import { subscriptions } from '../../subscriptions/index.ts';
import type { PortalClient } from './portal-session.ts';

/**
 * Autopay here is what renewals already do for `charge_automatically` subscriptions: charge the
 * saved card when an invoice is issued. Switching it off makes the client's subscriptions send
 * their invoices instead (`send_invoice`); invoices already issued keep how they were issued.
 */
export async function setPortalAutopay(ctx: AppContext, client: PortalClient, enabled: boolean) {
  const { tenant, customerId } = client;
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    if (enabled && !(await findDefaultPaymentMethod(tx, tenant.id, customerId)))
      fail('payment_method_missing', 'Add a card before turning on automatic payments.', 'enabled');
    await tx
      .update(subscriptions)
      .set({ collectionMethod: enabled ? 'charge_automatically' : 'send_invoice' })
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.customerId, customerId), ne(subscriptions.status, 'canceled')));
  });
}
