import { and, asc, eq, lte } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { type Attachment, type ChannelName, PermanentDeliveryError, RetryableDeliveryError } from '../../../channels/index.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { messages } from '../db/schema.ts';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../domain/templates.ts';
import { senderFor } from './channel-senders.ts';

const BATCH = 50;
const LEASE_MS = 10 * 60_000;

export type AttachmentSource = (tenant: TenantContext, invoiceId: string) => Promise<Attachment>;

type Outcome = { id: string; status: 'sent' | 'retry' | 'failed'; provider: string; providerMessageId?: string; error?: string; retryAfterMs?: number };

/**
 * Sends due messages: lease a batch (another worker skips them), talk to the providers with no
 * transaction open, record every outcome. The message id travels as the provider's idempotency
 * key / Message-ID, so a retry after a lost answer is recognisable as the same message.
 */
export async function deliverDueMessages(ctx: AppContext, tenant: TenantContext, attachment?: AttachmentSource): Promise<number> {
  const leased = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const due = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenant.id), eq(messages.status, 'queued'), lte(messages.nextAttemptAt, tenant.now)))
      .orderBy(asc(messages.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    for (const m of due) {
      await tx
        .update(messages)
        .set({ attempts: m.attempts + 1, nextAttemptAt: new Date(tenant.now.getTime() + LEASE_MS) })
        .where(and(eq(messages.tenantId, tenant.id), eq(messages.id, m.id)));
    }
    const senders = new Map<ChannelName, Awaited<ReturnType<typeof senderFor>>>();
    for (const channel of new Set(due.map((m) => m.channel as ChannelName))) senders.set(channel, await senderFor(tx, tenant.id, channel));
    return due.map((m) => ({ message: { ...m, attempts: m.attempts + 1 }, choice: senders.get(m.channel as ChannelName)! }));
  });

  const outcomes: Outcome[] = [];
  for (const { message, choice } of leased) {
    if (!choice.sender) {
      outcomes.push(
        choice.provider === 'local_mailbox'
          ? { id: message.id, status: 'sent', provider: 'local_mailbox', providerMessageId: `local:${message.id}` }
          : { id: message.id, status: 'failed', provider: 'unconfigured', error: `No ${message.channel} provider is configured for this business.` },
      );
      continue;
    }
    try {
      // SMS carries no files: the text has the pay link instead.
      const attachments = message.attachInvoiceId && attachment && message.channel !== 'sms' ? [await attachment(tenant, message.attachInvoiceId)] : [];
      const { providerMessageId } = await choice.sender.send({
        idempotencyKey: message.id,
        to: message.recipient,
        subject: message.subject ?? undefined,
        text: message.bodyText,
        headers: message.headers,
        attachments,
      });
      outcomes.push({ id: message.id, status: 'sent', provider: choice.provider, providerMessageId });
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError || message.attempts >= MAX_DELIVERY_ATTEMPTS;
      const retryAfterMs = error instanceof RetryableDeliveryError ? error.retryAfterMs : undefined;
      outcomes.push({ id: message.id, status: permanent ? 'failed' : 'retry', provider: choice.provider, error: (error as Error).message, retryAfterMs });
    }
  }
  for (const choice of new Set(leased.map((l) => l.choice))) choice.sender?.close?.();
  await inTenantTx(ctx.db, tenant.id, async (tx) => {
    for (const o of outcomes) {
      const attempts = leased.find((l) => l.message.id === o.id)!.message.attempts;
      await tx
        .update(messages)
        .set(
          o.status === 'sent'
            ? { status: 'sent', provider: o.provider, providerMessageId: o.providerMessageId, sentAt: tenant.now, nextAttemptAt: null, lastError: null }
            : o.status === 'failed'
              ? { status: 'failed', provider: o.provider, lastError: o.error, nextAttemptAt: null }
              : { provider: o.provider, lastError: o.error, nextAttemptAt: new Date(tenant.now.getTime() + (o.retryAfterMs ?? retryDelayMs(attempts))) },
        )
        .where(and(eq(messages.tenantId, tenant.id), eq(messages.id, o.id)));
    }
  });
  return leased.length;
}
