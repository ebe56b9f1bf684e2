import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { findCustomer } from '../../customers/index.ts';
import { queueCustomerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { MAGIC_LINK_MINUTES } from '../domain/secrets.ts';
import { issuePortalLink } from './issue-portal-link.ts';

export type PortalLinkChannel = 'email' | 'telegram' | 'none';

/**
 * Staff make a sign-in link for a client: sent by email or Telegram through messaging, or only
 * returned so they can pass it on themselves.
 */
export async function createPortalLink(ctx: AppContext, tenant: TenantContext, customerId: string, channel: PortalLinkChannel) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, customerId);
    if (channel === 'email' && !customer.email) fail('portal_no_contact', 'The customer has no email address.', 'channel');
    if (channel === 'telegram' && !customer.telegram) fail('portal_no_contact', 'The customer has no Telegram chat.', 'channel');
    const link = await issuePortalLink(tx, tenant, customer.id);
    if (channel !== 'none') {
      await queueCustomerMessage(tx, tenant, {
        customerId: customer.id,
        template: 'portal-email:magic_link',
        vars: { sign_in_url: link.url, minutes: MAGIC_LINK_MINUTES },
        urgent: true,
        channels: [channel],
      });
    }
    return link;
  });
}
