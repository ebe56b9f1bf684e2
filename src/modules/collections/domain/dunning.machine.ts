/**
 * One invoice on the reminder ladder.
 *   active     - steps run when due
 *   paused     - a dispute is open: nothing is sent until it closes
 *   finished   - every step ran and there was no hand-off; the debt stays in its case
 *   handed_off - passed to collections with its case: no more reminders
 *   closed     - paid, voided or written off by hand: done, nothing more is sent
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const DUNNING_STATES = ['active', 'paused', 'finished', 'handed_off', 'closed'] as const;
export const DUNNING_EVENTS = ['ladder_done', 'ladder_changed', 'dispute_opened', 'dispute_closed', 'hand_off', 'settle'] as const;
export type DunningState = (typeof DUNNING_STATES)[number];
export type DunningEvent = (typeof DUNNING_EVENTS)[number];

export const DUNNING_TRANSITIONS: { readonly [S in DunningState]: Readonly<Partial<Record<DunningEvent, DunningState>>> } = {
  active: { ladder_done: 'finished', ladder_changed: 'active', dispute_opened: 'paused', hand_off: 'handed_off', settle: 'closed' },
  paused: { dispute_closed: 'active', hand_off: 'handed_off', settle: 'closed' },
  // The owner added steps after the last one: the invoice climbs on.
  finished: { ladder_changed: 'active', dispute_opened: 'paused', hand_off: 'handed_off', settle: 'closed' },
  handed_off: { settle: 'closed' },
  closed: {},
};

export function transitionDunning(state: DunningState, event: DunningEvent): DunningState {
  const next = DUNNING_TRANSITIONS[state][event];
  if (!next) throw new DomainError('invalid_state_transition', `An invoice whose reminders are ${state} cannot take "${event}".`);
  return next;
}

/** Whether an event applies at all (handlers see events for rows in any state and ignore the rest). */
export const dunningAllows = (state: DunningState, event: DunningEvent) => DUNNING_TRANSITIONS[state][event] !== undefined;
