import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { customers } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeBlockedSenders, intakeRequests } from '../db/schema.ts';
import { normaliseEmail } from '../domain/client-matching.ts';
import { transitionRequest } from '../domain/request.machine.ts';
import { createClientFromSender } from './find-client.ts';
import { lockRequest } from './load-request.ts';
import { announceNotifications, notifyStaff } from './notify-staff.ts';
import { senderAddresses } from './receive-intake-message.ts';
import { routeRequest } from './route-request.ts';

function senderOf(request: typeof intakeRequests.$inferSelect) {
  const s = request.sender as Record<string, string | null>;
  return { name: s.name ?? null, email: s.email ?? null, phone: s.phone ?? null, telegramChatId: s.telegram_chat_id ?? null, locale: s.locale ?? null };
}

/** This request and whatever else the same address left waiting in the review queue. */
async function queuedFromSender(tx: Tx, tenantId: string, requestId: string, email: string | null) {
  return tx
    .select()
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.tenantId, tenantId),
        eq(intakeRequests.state, 'review'),
        email ? or(eq(intakeRequests.id, requestId), sql`${intakeRequests.sender}->>'email' = ${email}`) : eq(intakeRequests.id, requestId),
      ),
    );
}

/**
 * One click in the review queue: the sender is a real client. Staff either link the mail to an
 * existing client (a possible duplicate; their address is then verified) or create one from the
 * sender, whose address is proven by the mail itself. The request is then routed as usual.
 */
export async function acceptReviewRequest(ctx: AppContext, tenant: TenantContext, requestId: string, options: { customerId?: string | null } = {}) {
  const row = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const request = await lockRequest(tx, tenant.id, requestId);
    if (request.state !== 'review') fail('request_not_in_review');
    const sender = senderOf(request);
    let customerId: string;
    if (options.customerId) {
      const [customer] = await tx
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, options.customerId)));
      if (!customer || customer.mergedIntoId) notFound('customer', options.customerId, 'customer_id');
      customerId = customer.id;
      const sameEmail = sender.email !== null && customer.email !== null && normaliseEmail(customer.email) === sender.email;
      await tx
        .update(customers)
        .set(sameEmail ? { emailVerified: true } : customer.email ? {} : { email: sender.email, emailVerified: sender.email !== null })
        .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, customerId)));
    } else {
      customerId = await createClientFromSender(tx, tenant, { ...sender, emailVerified: true });
    }
    // Everything else this sender left in the queue belongs to the same client now.
    const sameSender = await queuedFromSender(tx, tenant.id, request.id, sender.email);
    for (const other of sameSender) {
      await tx
        .update(intakeRequests)
        .set({ state: transitionRequest('review', 'accept'), customerId, updatedAt: tenant.now })
        .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, other.id)));
      const decision = await routeRequest(tx, tenant, { id: other.id, customerId });
      if (decision.assigneeId) {
        await notifyStaff(tx, tenant, [decision.assigneeId], {
          kind: 'request_assigned',
          requestId: other.id,
          title: [sender.name, other.subject].filter(Boolean).join(' — '),
        });
      }
      await enqueueOutbox(
        tx,
        tenant.id,
        'request.created',
        { object: 'request', id: other.id, customer_id: customerId, channel: other.channel, kind: other.kind, assignee_user_id: decision.assigneeId },
        tenant.now,
      );
    }
    const [updated] = await tx
      .select()
      .from(intakeRequests)
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.id, requestId)));
    return updated!;
  });
  announceNotifications(tenant.id);
  return row;
}

/** Spam: the request leaves the queue and the sender's later mail is dropped before it reaches anyone. */
export async function markRequestSpam(ctx: AppContext, tenant: TenantContext, requestId: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const request = await lockRequest(tx, tenant.id, requestId);
    if (request.state !== 'review') fail('request_not_in_review');
    const sender = senderOf(request);
    const addresses = senderAddresses(sender);
    if (addresses.length > 0) {
      await tx
        .insert(intakeBlockedSenders)
        .values(addresses.map((address) => ({ tenantId: tenant.id, address, requestId, createdAt: tenant.now })))
        .onConflictDoNothing();
    }
    const sameSender = await queuedFromSender(tx, tenant.id, request.id, sender.email);
    const updated = await tx
      .update(intakeRequests)
      .set({ state: transitionRequest('review', 'mark_spam'), closedAt: tenant.now, updatedAt: tenant.now })
      .where(
        and(
          eq(intakeRequests.tenantId, tenant.id),
          inArray(
            intakeRequests.id,
            sameSender.map((r) => r.id),
          ),
        ),
      )
      .returning();
    return updated.find((r) => r.id === requestId)!;
  });
}
