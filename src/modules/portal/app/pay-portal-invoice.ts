import type { AppContext } from '../../../app-context.ts';
import { payInvoice } from '../../payments/index.ts';
import { getPortalInvoice } from './list-portal-invoices.ts';
import type { PortalClient } from './portal-session.ts';
import { savePortalCard } from './save-portal-card.ts';

/**
 * The client pays one of their invoices with their saved card, or with the card they just
 * entered (saved first, so it is also the card for next time). The charge is the API's own
 * `payInvoice`; a decline comes back as `card_declined` with the bank's reason.
 */
export async function payPortalInvoice(ctx: AppContext, client: PortalClient, invoiceId: string, paymentMethod?: string) {
  await getPortalInvoice(ctx, client, invoiceId);
  const card = paymentMethod ? await savePortalCard(ctx, client, paymentMethod) : null;
  await payInvoice(ctx, client.tenant, invoiceId, card?.id);
  return getPortalInvoice(ctx, client, invoiceId);
}
