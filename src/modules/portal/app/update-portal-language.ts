import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { SupportedLocale } from '../../../platform/i18n/index.ts';
import { findCustomer, updateCustomer } from '../../customers/index.ts';
import type { PortalClient } from './portal-session.ts';

/** The client's language becomes their first preference: the portal, emails and PDFs follow it. */
export async function updatePortalLanguage(ctx: AppContext, client: PortalClient, language: SupportedLocale) {
  const customer = await inTenantTx(ctx.db, client.tenant.id, (tx) => findCustomer(tx, client.tenant.id, client.customerId));
  const rest = customer.preferredLocales.filter((l) => l !== language);
  return updateCustomer(ctx, client.tenant, client.customerId, { preferredLocales: [language, ...rest] });
}
