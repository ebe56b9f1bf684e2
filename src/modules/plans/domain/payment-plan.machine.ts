/**
 * Payment plan lifecycle. A plan is active while instalments are unpaid; it completes when the
 * last instalment is paid (read off the instalments, never stored twice) and may be cancelled
 * while active, which moves what is still unpaid onto one invoice due at once.
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const PLAN_STATES = ['active', 'completed', 'canceled'] as const;
export const PLAN_EVENTS = ['complete', 'cancel'] as const;

export type PlanState = (typeof PLAN_STATES)[number];
export type PlanEvent = (typeof PLAN_EVENTS)[number];
export type PlanEffect = 'move_remainder';

type PlanTransition = { next: PlanState; effects: readonly PlanEffect[] };

export const PLAN_TRANSITIONS: { readonly [S in PlanState]: Readonly<Partial<Record<PlanEvent, PlanTransition>>> } = {
  active: {
    complete: { next: 'completed', effects: [] },
    cancel: { next: 'canceled', effects: ['move_remainder'] },
  },
  completed: {},
  canceled: {},
};

export function transitionPlan(state: PlanState, event: PlanEvent): { next: PlanState; effects: PlanEffect[] } {
  const t = PLAN_TRANSITIONS[state][event];
  if (!t) throw new DomainError('invalid_state_transition', `Cannot ${event} a payment plan whose status is ${state}.`);
  return { next: t.next, effects: [...t.effects] };
}

/** The status a reader sees: an active plan whose instalments are all settled has completed. */
export function planStatus(stored: PlanState, instalmentStatuses: readonly string[]): PlanState {
  if (stored !== 'active') return stored;
  const settled = instalmentStatuses.length > 0 && instalmentStatuses.every((s) => s === 'paid' || s === 'void');
  return settled ? transitionPlan('active', 'complete').next : stored;
}
