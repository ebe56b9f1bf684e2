import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { resolveLocale } from '../../../platform/i18n/index.ts';
import { findCustomer } from '../../customers/index.ts';
import { findDefaultPaymentMethod } from '../../payments/index.ts';
import { subscriptions } from '../../subscriptions/index.ts';
import { getBusinessProfile } from '../../tenants/index.ts';
import type { PortalClient } from './portal-session.ts';

/** The logo as a data URL the page can show as it is (PNG or JPEG, checked when it was saved). */
function logoDataUrl(base64: string | null): string | null {
  if (!base64) return null;
  const type = base64.startsWith('/9j/') ? 'image/jpeg' : 'image/png';
  return `data:${type};base64,${base64}`;
}

/** What the portal's home shows about the client and the business they pay. */
export async function getPortalProfile(ctx: AppContext, client: PortalClient) {
  const { tenant, customerId } = client;
  const business = await getBusinessProfile(ctx, tenant.id);
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, customerId);
    const card = await findDefaultPaymentMethod(tx, tenant.id, customerId);
    const subs = await tx
      .select({ collectionMethod: subscriptions.collectionMethod })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.customerId, customerId), ne(subscriptions.status, 'canceled')));
    return {
      customer,
      language: resolveLocale(customer.preferredLocales, tenant.locale),
      business: {
        id: tenant.id,
        name: business.name,
        brandColor: business.brandColor,
        logo: logoDataUrl(business.logoBase64),
        currency: tenant.currency,
        timezone: tenant.timezone,
        mode: tenant.mode,
      },
      card,
      autopay: { enabled: subs.length > 0 && subs.every((s) => s.collectionMethod === 'charge_automatically'), subscriptions: subs.length },
    };
  });
}
