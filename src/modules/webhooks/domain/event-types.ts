/**
 * The event types a webhook endpoint can subscribe to: the outbox topics the billing modules
 * emit (a test keeps this list and the code in step). Other outbox topics are internal work
 * (message sends and the like) and never leave the system as webhooks or events.
 */
export const EVENT_TYPES = [
  'credit_note.created',
  'customer.merged',
  'dispute.closed',
  'dispute.opened',
  'invoice.finalized',
  'invoice.marked_uncollectible',
  'invoice.paid',
  'invoice.rescheduled',
  'invoice.voided',
  'payment.failed',
  'payment.succeeded',
  'payment_method.attached',
  'payment_plan.canceled',
  'payment_plan.created',
  'refund.failed',
  'request.assigned',
  'request.created',
  'refund.succeeded',
  'subscription.created',
  'subscription.deleted',
  'subscription.paused',
  'subscription.resumed',
  'subscription.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** An endpoint listening to `['*']` receives every event type, including ones added later. */
export function endpointWants(enabledEvents: readonly string[], type: string): boolean {
  return isEventType(type) && (enabledEvents.includes('*') || enabledEvents.includes(type));
}
