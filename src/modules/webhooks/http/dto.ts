import { unix } from '../../../platform/http/dto.ts';
import { eventBody } from '../domain/event.ts';
import type { DeliveryWithAttempts, WebhookEndpointRow } from '../index.ts';

/** The secret appears only in the response to creation. */
export function endpointDto(row: WebhookEndpointRow, options: { withSecret?: boolean } = {}) {
  return {
    id: row.id,
    object: 'webhook_endpoint' as const,
    url: row.url,
    description: row.description,
    enabled_events: row.enabledEvents,
    status: row.disabled ? ('disabled' as const) : ('enabled' as const),
    created: unix(row.createdAt),
    ...(options.withSecret ? { secret: row.secret } : {}),
  };
}

export function deliveryDto(row: DeliveryWithAttempts) {
  return {
    id: row.id,
    object: 'webhook_delivery' as const,
    endpoint: row.endpointId,
    event: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    last_response_status: row.lastResponseStatus,
    last_error: row.lastError,
    last_attempt_at: unix(row.lastAttemptAt),
    next_retry_at: row.status === 'pending' ? unix(row.nextAttemptAt) : null,
    delivered_at: unix(row.deliveredAt),
    created: unix(row.createdAt),
    attempt_log: row.attemptLog.map((a) => ({
      number: a.number,
      replay: a.replay,
      response_status: a.responseStatus,
      error: a.error,
      duration_ms: a.durationMs,
      created: unix(a.createdAt),
    })),
  };
}

export { eventBody as eventDto };
