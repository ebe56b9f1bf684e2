import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { outbox } from '../../../platform/db/outbox-schema.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import { decryptSecret } from '../../../platform/secrets.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import { type DeliveryEvent, type DeliveryState, transitionDelivery } from '../domain/delivery.machine.ts';
import { eventBody } from '../domain/event.ts';
import { nextRetryAt } from '../domain/retry-schedule.ts';
import { type PostOutcome, postToEndpoint } from './post-to-endpoint.ts';

type Prepared = { url: string; secret: string; eventId: string; body: string };

/**
 * One attempt at a delivery, in three steps so no transaction is held across the network:
 * read what to send, POST it, record the outcome. `manual` is a replay: it sends whatever the
 * status and does not touch the automatic schedule when it fails.
 * Returns false when there was nothing to send (deleted, no longer pending, endpoint disabled).
 */
export async function attemptDelivery(ctx: AppContext, tenant: TenantContext, deliveryId: string, manual: boolean): Promise<boolean> {
  const prepared = await inTenantTx(ctx.db, tenant.id, (tx) => prepare(tx, tenant, deliveryId, manual));
  if (!prepared) return false;
  const outcome = await postToEndpoint({ ...prepared, signedAt: ctx.clock.now() });
  await inTenantTx(ctx.db, tenant.id, (tx) => record(tx, tenant, deliveryId, manual, outcome));
  return true;
}

async function prepare(tx: Tx, tenant: TenantContext, deliveryId: string, manual: boolean): Promise<Prepared | null> {
  const [found] = await tx
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: outbox })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.tenantId, webhookDeliveries.tenantId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)))
    .innerJoin(outbox, and(eq(outbox.tenantId, webhookDeliveries.tenantId), eq(outbox.id, webhookDeliveries.eventId)))
    .where(and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.id, deliveryId)));
  if (!found) return null;
  const { delivery, endpoint, event } = found;
  if (!manual && delivery.status !== 'pending') return null;
  if (!manual && endpoint.disabled) {
    await setState(tx, tenant.id, deliveryId, transitionDelivery('pending', 'endpoint_disabled').next, { nextAttemptAt: null });
    return null;
  }
  return { url: endpoint.url, secret: decryptSecret(endpoint.secret), eventId: event.id, body: JSON.stringify(eventBody(event)) };
}

async function record(tx: Tx, tenant: TenantContext, deliveryId: string, manual: boolean, outcome: PostOutcome): Promise<void> {
  const [delivery] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.id, deliveryId)))
    .for('update');
  if (!delivery) return; // the endpoint was deleted while we were sending
  const number = delivery.attempts + 1;
  const now = tenant.now;
  await tx.insert(webhookAttempts).values({
    tenantId: tenant.id,
    id: newId('wha'),
    deliveryId,
    number,
    replay: manual,
    responseStatus: outcome.status,
    error: outcome.error,
    durationMs: outcome.durationMs,
    createdAt: now,
  });
  const retryAt = nextRetryAt(delivery.createdAt, number, now);
  const state = delivery.status as DeliveryState;
  let event: DeliveryEvent;
  if (outcome.ok) event = 'attempt_succeeded';
  else if (manual || state !== 'pending') event = 'extra_attempt_failed';
  else event = retryAt ? 'attempt_failed' : 'retries_exhausted';
  const { next, effects } = transitionDelivery(state, event);
  await setState(tx, tenant.id, deliveryId, next, {
    attempts: number,
    lastResponseStatus: outcome.status,
    lastError: outcome.error,
    lastAttemptAt: now,
    ...(outcome.ok && state !== 'delivered' ? { deliveredAt: now } : {}),
    ...(effects.includes('schedule_retry') ? { nextAttemptAt: retryAt } : {}),
    ...(effects.includes('clear_schedule') ? { nextAttemptAt: null } : {}),
  });
}

function setState(tx: Tx, tenantId: string, deliveryId: string, status: DeliveryState, fields: Partial<typeof webhookDeliveries.$inferInsert>) {
  return tx
    .update(webhookDeliveries)
    .set({ ...fields, status })
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, deliveryId)));
}
