import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { messageIdFor } from '../../../channels/index.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { queueCustomerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeMessages, intakeRequests } from '../db/schema.ts';
import { lockRequest } from './load-request.ts';

/**
 * A staff answer goes back on the channel the client wrote on (a form is answered by email),
 * through messaging's outbox, and joins the thread: an email answer carries In-Reply-To, and its
 * own Message-ID is recorded so the client's next reply finds this request again.
 */
export async function replyToRequest(ctx: AppContext, tenant: TenantContext, requestId: string, input: { text: string; authorUserId: string | null }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const request = await lockRequest(tx, tenant.id, requestId);
    if (!request.customerId) fail('request_not_in_review', 'Accept the request before replying: the sender is not a client yet.');
    const channel = request.channel === 'telegram' ? 'telegram' : 'email';
    const [lastIn] = await tx
      .select({ externalId: intakeMessages.externalId, threadRefs: intakeMessages.threadRefs })
      .from(intakeMessages)
      .where(
        and(
          eq(intakeMessages.tenantId, tenant.id),
          eq(intakeMessages.requestId, requestId),
          eq(intakeMessages.direction, 'in'),
          eq(intakeMessages.channel, 'email'),
        ),
      )
      .orderBy(desc(intakeMessages.receivedAt))
      .limit(1);
    const headers = lastIn ? { 'In-Reply-To': lastIn.externalId, References: [...lastIn.threadRefs, lastIn.externalId].join(' ') } : undefined;
    const subject = request.subject ?? translator(resolveLocale([], tenant.locale))('intake:untitled');
    const [messageId] = await queueCustomerMessage(tx, tenant, {
      customerId: request.customerId,
      template: 'intake:reply',
      vars: { subject, text: input.text },
      urgent: true,
      channels: [channel],
      dedupeKey: `request-reply:${newId('rpl')}`,
      ...(headers ? { headers } : {}),
    });
    if (!messageId) fail('request_has_no_reply_channel');
    await tx.insert(intakeMessages).values({
      tenantId: tenant.id,
      id: newId('rqm'),
      requestId,
      direction: 'out',
      channel: request.channel === 'telegram' ? 'telegram' : 'email',
      externalId: channel === 'email' ? messageIdFor(messageId) : `out:${messageId}`,
      threadRefs: lastIn ? [lastIn.externalId] : [],
      subject,
      bodyText: input.text,
      authorUserId: input.authorUserId,
      receivedAt: tenant.now,
      createdAt: tenant.now,
    });
    await tx
      .update(intakeRequests)
      .set({ lastMessageAt: tenant.now, updatedAt: tenant.now })
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, requestId)));
    return { messageId };
  });
}
