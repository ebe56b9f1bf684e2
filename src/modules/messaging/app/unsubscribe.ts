import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx, inTenantTx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { customers } from '../../customers/index.ts';
import { tenants } from '../../tenants/index.ts';
import { messages } from '../db/schema.ts';

/**
 * One-click unsubscribe from a message's link (RFC 8058). The message id is the capability: it is
 * unguessable and names exactly one client, who stops getting non-transactional messages;
 * invoices and receipts still reach them. Answers the confirmation in the client's language.
 */
export async function unsubscribeByMessage(ctx: AppContext, messageId: string): Promise<string> {
  const found = await inSystemTx(ctx.db, async (tx) => {
    const [row] = await tx
      .select({ tenantId: messages.tenantId, customerId: messages.customerId, locale: messages.locale, business: tenants.name })
      .from(messages)
      .innerJoin(tenants, eq(tenants.id, messages.tenantId))
      .where(eq(messages.id, messageId));
    return row;
  });
  if (!found?.customerId) notFound('message', messageId);
  await inTenantTx(ctx.db, found.tenantId, (tx) =>
    tx
      .update(customers)
      .set({ marketingOptOut: true })
      .where(and(eq(customers.tenantId, found.tenantId), eq(customers.id, found.customerId!))),
  );
  return translator(resolveLocale(found.locale, 'en'))('email:unsubscribe_done', { business_name: found.business });
}
