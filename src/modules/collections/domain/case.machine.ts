/**
 * A collection case: one customer's overdue invoices in one currency.
 *   open           - the desk is chasing it (the ladder runs)
 *   in_collections - handed off (the ladder's last step): packet produced, owner told
 *   closed         - nothing is owed any more (paid, voided, written off by hand)
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const CASE_STATES = ['open', 'in_collections', 'closed'] as const;
export const CASE_EVENTS = ['hand_off', 'settle'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export type CaseEvent = (typeof CASE_EVENTS)[number];

export const CASE_TRANSITIONS: { readonly [S in CaseState]: Readonly<Partial<Record<CaseEvent, CaseState>>> } = {
  open: { hand_off: 'in_collections', settle: 'closed' },
  // A second invoice of the customer reaching hand-off while the case is already there.
  in_collections: { hand_off: 'in_collections', settle: 'closed' },
  closed: {},
};

export function transitionCase(state: CaseState, event: CaseEvent): CaseState {
  const next = CASE_TRANSITIONS[state][event];
  if (!next) throw new DomainError('invalid_state_transition', `A collection case that is ${state} cannot take "${event}".`);
  return next;
}
