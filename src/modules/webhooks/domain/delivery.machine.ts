/**
 * Webhook delivery lifecycle. A delivery is pending until an attempt gets a 2xx (delivered), its
 * three-day retry window runs out (failed) or its endpoint is disabled (canceled). A replay is a
 * manual attempt on any delivery: success makes it delivered, a failed replay (an attempt outside
 * the schedule) changes nothing.
 *
 * Effects, carried out by the use case in the same transaction:
 *   schedule_retry - set the next attempt from the back-off schedule
 *   clear_schedule - no further automatic attempts
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'canceled'] as const;
export const DELIVERY_EVENTS = ['attempt_succeeded', 'attempt_failed', 'retries_exhausted', 'endpoint_disabled', 'extra_attempt_failed'] as const;

export type DeliveryState = (typeof DELIVERY_STATES)[number];
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];
export type DeliveryEffect = 'schedule_retry' | 'clear_schedule';
type DeliveryTransition = { next: DeliveryState; effects: readonly DeliveryEffect[] };

const succeeded: DeliveryTransition = { next: 'delivered', effects: ['clear_schedule'] };

export const DELIVERY_TRANSITIONS: {
  readonly [S in DeliveryState]: Readonly<Partial<Record<DeliveryEvent, DeliveryTransition>>>;
} = {
  pending: {
    attempt_succeeded: succeeded,
    attempt_failed: { next: 'pending', effects: ['schedule_retry'] },
    retries_exhausted: { next: 'failed', effects: ['clear_schedule'] },
    endpoint_disabled: { next: 'canceled', effects: ['clear_schedule'] },
    // A failed manual replay leaves the automatic schedule as it was.
    extra_attempt_failed: { next: 'pending', effects: [] },
  },
  delivered: { attempt_succeeded: succeeded, extra_attempt_failed: { next: 'delivered', effects: [] } },
  failed: { attempt_succeeded: succeeded, extra_attempt_failed: { next: 'failed', effects: [] } },
  canceled: { attempt_succeeded: succeeded, extra_attempt_failed: { next: 'canceled', effects: [] } },
};

export function transitionDelivery(state: DeliveryState, event: DeliveryEvent): { next: DeliveryState; effects: DeliveryEffect[] } {
  const t = DELIVERY_TRANSITIONS[state][event];
  if (!t) throw new DomainError('invalid_state_transition', `A webhook delivery whose status is ${state} cannot take "${event}".`);
  return { next: t.next, effects: [...t.effects] };
}
