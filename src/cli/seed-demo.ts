import type { AppContext } from '../app-context.ts';
import { createPrice, createProduct, createTaxRate } from '../modules/catalog/index.ts';
import { createCustomer } from '../modules/customers/index.ts';
import { updateIntakeSettings } from '../modules/intake/index.ts';
import { createInvoice } from '../modules/invoicing/index.ts';
import { attachPaymentMethod, finalizeInvoice, recordManualPayment } from '../modules/payments/index.ts';
import { addStaffUser } from '../modules/staff/index.ts';
import { createSubscription } from '../modules/subscriptions/index.ts';
import { createTenant, loadTenant } from '../modules/tenants/index.ts';
import { advanceTestClock } from '../worker/advance-test-clock.ts';

const MEMBERS: { name: string; email: string; locale: string; card: string | null; anchorDay?: number }[] = [
  { name: 'Anna Bērziņa', email: 'anna@example.lv', locale: 'lv', card: 'pm_card_visa' },
  { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', locale: 'vi', card: 'pm_card_visa', anchorDay: 15 },
  { name: 'สมชาย ใจดี', email: 'somchai@example.th', locale: 'th', card: 'pm_card_chargeDeclinedInsufficientFunds' },
  { name: 'Արամ Պետրոսյան', email: 'aram@example.am', locale: 'hy', card: 'pm_card_failFirst2', anchorDay: 31 },
  { name: 'Emily Carter', email: 'emily@example.com', locale: 'en', card: 'pm_card_chargeDeclinedExpiredCard' },
  { name: 'Jānis Kalniņš', email: 'janis@example.lv', locale: 'lv', card: null },
];

export const DEMO_OWNER = { email: 'owner@sunrise.example', password: 'duly-demo-owner' } as const;
/** The demo gym's public forms live at /f/sunrise-fitness/<signup|order|appointment>. */
export const DEMO_FORM_SLUG = 'sunrise-fitness';

export type DemoBusiness = { tenant: string; api_key: string; owner_email: string; owner_password: string };

/** A test-mode gym with members, plans, paid and failed charges and a cash payment, two months in; its owner signs in to /app without MFA. */
export async function seedDemoBusiness(ctx: AppContext): Promise<DemoBusiness> {
  const created = await createTenant(ctx, { name: 'Sunrise Fitness', mode: 'test', currency: 'eur', timezone: 'Europe/Riga', locale: 'en' });
  await addStaffUser(ctx, { tenantId: created.tenant, email: DEMO_OWNER.email, password: DEMO_OWNER.password, role: 'owner', name: 'Demo Owner' });
  let tenant = await loadTenant(ctx, created.tenant);
  await updateIntakeSettings(ctx, tenant, { form_slug: DEMO_FORM_SLUG });
  const vat = await createTaxRate(ctx, tenant, { displayName: 'VAT 21%', percentMilli: 21_000, inclusive: true });
  const membership = await createProduct(ctx, tenant, { name: 'Membership' });
  const monthly = await createPrice(ctx, tenant, {
    product: membership.id,
    currency: 'eur',
    unitAmount: 4900,
    nickname: 'Monthly membership',
    taxRate: vat.id,
    recurring: { interval: 'month', intervalCount: 1 },
  });
  const classes = await createProduct(ctx, tenant, { name: 'Class pack' });
  const pack = await createPrice(ctx, tenant, { product: classes.id, currency: 'eur', unitAmount: 9000, nickname: '10-class pack', taxRate: vat.id });
  for (const member of MEMBERS) {
    const customer = await createCustomer(ctx, tenant, { name: member.name, email: member.email, preferredLocales: [member.locale] });
    if (member.card) {
      await attachPaymentMethod(ctx, tenant, customer.id, member.card);
      await createSubscription(ctx, tenant, { customer: customer.id, items: [{ price: monthly.id, quantity: 1 }], billingCycleAnchorDay: member.anchorDay });
    } else {
      const invoice = await createInvoice(ctx, tenant, { customer: customer.id, lines: [{ price: pack.id, quantity: 1 }] });
      await finalizeInvoice(ctx, tenant, invoice.id);
      await recordManualPayment(ctx, tenant, { customer: customer.id, invoice: invoice.id, amount: 5000, method: 'cash', reference: 'Front desk' });
    }
  }
  tenant = await loadTenant(ctx, tenant.id);
  await advanceTestClock(ctx, tenant, new Date(tenant.now.getTime() + 45 * 86_400_000));
  return { ...created, owner_email: DEMO_OWNER.email, owner_password: DEMO_OWNER.password };
}
