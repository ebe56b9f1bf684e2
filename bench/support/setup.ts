import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.ts';
import { createPrice, createProduct } from '../../src/modules/catalog/index.ts';
import { customers } from '../../src/modules/customers/index.ts';
import { paymentMethods } from '../../src/modules/payments/index.ts';
import { toLocalDate } from '../../src/modules/subscriptions/domain/billing-calendar.ts';
import { formatLocalDate } from '../../src/modules/subscriptions/domain/billing-window.ts';
import { subscriptionItems, subscriptions } from '../../src/modules/subscriptions/index.ts';
import { createTenant, loadTenant, type TenantContext } from '../../src/modules/tenants/index.ts';
import { inTenantTx } from '../../src/platform/db/tx.ts';
import { newId } from '../../src/platform/ids.ts';

const CHUNK = 1000;
const TOKEN_SHAPE = /^sbx_pm_card_visa_[0-9a-f]+$/;

/**
 * A test-mode business with `count` customers, each with a saved pm_card_visa and an active
 * monthly subscription due at the tenant's clock. Bulk-inserted (creating 100,000 through the use
 * cases takes too long), with the same column values createCustomer, attachPaymentMethod and
 * createSubscription write, minus the outbox rows those would have delivered long ago.
 */
export async function seedDueSubscriptions(app: App, count: number, onProgress?: (done: number) => void): Promise<TenantContext> {
  const { ctx } = app;
  const created = await createTenant(ctx, { name: 'Bench Fitness', mode: 'test', currency: 'eur', timezone: 'Europe/Riga' });
  const tenant = await loadTenant(ctx, created.tenant);
  const product = await createProduct(ctx, tenant, { name: 'Membership' });
  const price = await createPrice(ctx, tenant, { product: product.id, currency: 'eur', unitAmount: 4500, recurring: { interval: 'month', intervalCount: 1 } });
  const card = await ctx.gateway.savePaymentMethod({ token: 'pm_card_visa', customerRef: 'bench' });
  if (!TOKEN_SHAPE.test(card.token)) throw new Error(`The sandbox token shape changed: ${card.token}`);
  const anchorDate = formatLocalDate(toLocalDate(tenant.now, tenant.timezone));
  const now = tenant.now;

  for (let from = 0; from < count; from += CHUNK) {
    const size = Math.min(CHUNK, count - from);
    const rows = Array.from({ length: size }, (_, i) => ({ n: from + i + 1, customer: newId('cus'), subscription: newId('sub') }));
    await inTenantTx(ctx.db, tenant.id, async (tx) => {
      await tx
        .insert(customers)
        .values(rows.map((r) => ({ tenantId: tenant.id, id: r.customer, name: `Member ${r.n}`, email: `member${r.n}@example.com`, createdAt: now })));
      await tx.insert(paymentMethods).values(
        rows.map((r) => ({
          tenantId: tenant.id,
          id: newId('pm'),
          customerId: r.customer,
          gateway: ctx.gateway.name,
          gatewayToken: `sbx_pm_card_visa_${randomBytes(6).toString('hex')}`,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
          isDefault: true,
          createdAt: now,
        })),
      );
      await tx.insert(subscriptions).values(
        rows.map((r) => ({
          tenantId: tenant.id,
          id: r.subscription,
          customerId: r.customer,
          status: 'active',
          collectionMethod: 'charge_automatically',
          currency: price.currency,
          interval: 'month',
          intervalCount: 1,
          anchorDate,
          timezone: tenant.timezone,
          currentPeriodIndex: -1,
          currentPeriodStart: now,
          currentPeriodEnd: now,
          trialEnd: null,
          daysUntilDue: null,
          nextBillingAt: now,
          createdAt: now,
        })),
      );
      await tx
        .insert(subscriptionItems)
        .values(rows.map((r) => ({ tenantId: tenant.id, id: newId('si'), subscriptionId: r.subscription, priceId: price.id, quantity: 1, createdAt: now })));
    });
    onProgress?.(from + size);
  }
  // A live database has statistics and a visibility map for its tables; give the fresh one the same.
  for (const table of ['customers', 'payment_methods', 'subscriptions', 'subscription_items', 'tenants', 'prices', 'products']) {
    await ctx.db.execute(sql.raw(`vacuum analyze ${table}`));
  }
  return tenant;
}
