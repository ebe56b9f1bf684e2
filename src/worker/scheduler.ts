import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { pauseDunningOnDispute, resumeDunningAfterDispute, runDueReminders, startDunning, stopDunningOnInvoiceEvent } from '../modules/collections/index.ts';
import { renderInvoiceDocument } from '../modules/documents/index.ts';
import { sendNotificationDigests } from '../modules/intake/index.ts';
import { deliverDueMessages, notifyPaymentFailure, runCardExpiryScan, sendIssuedInvoice, sendPaymentReceipt } from '../modules/messaging/index.ts';
import { chargeAttempts, paymentAttempts, refunds, retryDueInvoices, sendRefundToGateway } from '../modules/payments/index.ts';
import { renewDueSubscriptions, subscriptions } from '../modules/subscriptions/index.ts';
import { loadTenant, type TenantContext } from '../modules/tenants/index.ts';
import { deliverDueWebhooks, fanOutWebhookEvent } from '../modules/webhooks/index.ts';
import { yieldToEventLoop } from '../platform/concurrency.ts';
import { inTenantTx } from '../platform/db/tx.ts';
import { deliverOutbox, onOutboxTopic } from '../platform/jobs/outbox-delivery.ts';
import { tenantsWithDueWork } from './due-work.ts';

export type WorkDone = { renewed: number; charged: number; refunded: number; delivered: number; failed: number };

const RENEWAL_BATCH = 200;

// Every public event becomes one webhook delivery per subscribed endpoint, in the outbox transaction;
// invoices and payments also become messages to the client.
onOutboxTopic('*', fanOutWebhookEvent);
onOutboxTopic('invoice.finalized', sendIssuedInvoice);
onOutboxTopic('payment.succeeded', sendPaymentReceipt);
onOutboxTopic('payment.failed', notifyPaymentFailure);
// The reminder ladder: an issued invoice climbs it; payment, void or write-off stops it; a dispute pauses it.
onOutboxTopic('invoice.finalized', startDunning);
for (const topic of ['invoice.paid', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.rescheduled']) onOutboxTopic(topic, stopDunningOnInvoiceEvent);
onOutboxTopic('dispute.opened', pauseDunningOnDispute);
onOutboxTopic('dispute.closed', resumeDunningAfterDispute);

/**
 * `renewOnly` bills due periods and records the autopay attempts without calling the gateway;
 * the attempts stay due for the next full pass (used to measure or to split work between workers).
 */
export type WorkOptions = { renewOnly?: boolean };

/**
 * One pass over everything that is due: renewals (claimed with SKIP LOCKED so several workers
 * can run), then gateway calls for pending attempts and refunds, then outbox delivery, then
 * webhook deliveries (HTTP, outside any transaction).
 * Repeats until nothing is left, so a missed tick catches up completely.
 */
export async function runDueWork(ctx: AppContext, onlyTenant?: string, options: WorkOptions = {}): Promise<WorkDone> {
  const done: WorkDone = { renewed: 0, charged: 0, refunded: 0, delivered: 0, failed: 0 };
  if (!options.renewOnly) await runCardExpiryScan(ctx, onlyTenant);
  for (;;) {
    const before = done.renewed + done.charged + done.refunded + done.delivered + done.failed;
    for (const tenantId of await tenantsWithDueWork(ctx, 'subscriptions', onlyTenant)) {
      await renewBatch(ctx, await loadTenant(ctx, tenantId), done, options);
      await yieldToEventLoop();
    }
    if (options.renewOnly) {
      if (done.renewed + done.failed === before) return done;
      continue;
    }
    for (const tenantId of await tenantsWithDueWork(ctx, 'invoices', onlyTenant)) {
      done.charged += await retryDueInvoices(ctx, await loadTenant(ctx, tenantId));
    }
    for (const tenantId of await tenantsWithDueWork(ctx, 'payment_attempts', onlyTenant)) {
      await chargeDueAttempts(ctx, await loadTenant(ctx, tenantId), done);
    }
    for (const tenantId of await tenantsWithDueWork(ctx, 'refunds', onlyTenant)) {
      const tenant = await loadTenant(ctx, tenantId);
      const due = await inTenantTx(ctx.db, tenantId, (tx) =>
        tx
          .select({ id: refunds.id })
          .from(refunds)
          .where(and(eq(refunds.status, 'pending'), lte(refunds.nextCheckAt, tenant.now)))
          .limit(100),
      );
      for (const { id } of due) await sendRefundToGateway(ctx, tenant, id);
      done.refunded += due.length;
    }
    // Reminder steps before the outbox and messages, so what they queue goes out in the same pass.
    for (const tenantId of await tenantsWithDueWork(ctx, 'invoice_dunning', onlyTenant)) {
      done.delivered += await runDueReminders(ctx, await loadTenant(ctx, tenantId));
    }
    // Offline staff hear of their requests by email; before messages, so the digest goes out in this pass.
    for (const tenantId of await tenantsWithDueWork(ctx, 'staff_notifications', onlyTenant)) {
      done.delivered += await sendNotificationDigests(ctx, await loadTenant(ctx, tenantId));
    }
    for (const tenantId of await tenantsWithDueWork(ctx, 'outbox', onlyTenant)) {
      done.delivered += await deliverOutbox(ctx, await loadTenant(ctx, tenantId));
    }
    for (const tenantId of await tenantsWithDueWork(ctx, 'messages', onlyTenant)) {
      const tenant = await loadTenant(ctx, tenantId);
      done.delivered += await deliverDueMessages(ctx, tenant, (t, invoiceId) => renderInvoiceDocument(ctx, t, invoiceId));
    }
    // After the outbox, so deliveries it just fanned out go out in the same pass.
    for (const tenantId of await tenantsWithDueWork(ctx, 'webhook_deliveries', onlyTenant)) {
      done.delivered += await deliverDueWebhooks(ctx, await loadTenant(ctx, tenantId));
    }
    if (done.renewed + done.charged + done.refunded + done.delivered + done.failed === before) return done;
  }
}

async function renewBatch(ctx: AppContext, tenant: TenantContext, done: WorkDone, options: WorkOptions) {
  const attemptIds = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const claimed = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), lte(subscriptions.nextBillingAt, tenant.now)))
      .orderBy(asc(subscriptions.nextBillingAt))
      .limit(RENEWAL_BATCH)
      .for('update', { skipLocked: true });
    try {
      const attempts = await tx.transaction((sp) => renewDueSubscriptions(sp, tenant, claimed));
      done.renewed += claimed.length;
      return attempts;
    } catch {
      // Find the broken subscription one by one, so it cannot hold up the others.
      const attempts: string[] = [];
      for (const sub of claimed) {
        try {
          attempts.push(...(await tx.transaction((sp) => renewDueSubscriptions(sp, tenant, [sub]))));
          done.renewed++;
        } catch (error) {
          done.failed++;
          console.error(`renewal of ${sub.id} failed; retrying in an hour`, error);
          await tx
            .update(subscriptions)
            .set({ nextBillingAt: sql`${subscriptions.nextBillingAt} + interval '1 hour'` })
            .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.id, sub.id)));
        }
      }
      return attempts;
    }
  });
  if (options.renewOnly) return;
  await chargeAttempts(ctx, tenant, attemptIds);
  done.charged += attemptIds.length;
}

async function chargeDueAttempts(ctx: AppContext, tenant: TenantContext, done: WorkDone) {
  const due = await inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select({ id: paymentAttempts.id })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.status, 'pending'), lte(paymentAttempts.nextCheckAt, tenant.now)))
      .orderBy(asc(paymentAttempts.nextCheckAt))
      .limit(200),
  );
  const outcomes = await chargeAttempts(
    ctx,
    tenant,
    due.map((d) => d.id),
  );
  for (const outcome of outcomes.values()) if (outcome !== 'skipped') done.charged++;
}
