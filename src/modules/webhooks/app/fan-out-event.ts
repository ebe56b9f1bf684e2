import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import { newId } from '../../../platform/ids.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import { endpointWants, isEventType } from '../domain/event-types.ts';

/**
 * Outbox subscriber: one pending delivery per enabled endpoint that wants this event, written in
 * the outbox delivery transaction. The (endpoint, event) unique key makes a second run a no-op.
 * Due at the event's own time, so the three-day retry window counts from the event.
 */
export async function fanOutWebhookEvent(tx: Tx, row: OutboxRow): Promise<void> {
  if (!isEventType(row.topic)) return;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, row.tenantId), eq(webhookEndpoints.disabled, false)));
  const wanting = endpoints.filter((e) => endpointWants(e.enabledEvents, row.topic));
  if (wanting.length === 0) return;
  await tx
    .insert(webhookDeliveries)
    .values(
      wanting.map((e) => ({
        tenantId: row.tenantId,
        id: newId('whd'),
        endpointId: e.id,
        eventId: row.id,
        eventType: row.topic,
        nextAttemptAt: row.createdAt,
        createdAt: row.createdAt,
      })),
    )
    .onConflictDoNothing();
}
