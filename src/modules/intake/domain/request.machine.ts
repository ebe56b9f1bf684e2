/**
 * A client request (an enquiry, order, appointment request, email thread or chat).
 *   review      - from an unknown sender: waits for staff to accept it or mark it spam
 *   accepted    - accepted from review (the client is created); routed next
 *   spam        - rejected; later mail from the sender skips the queue
 *   new         - from a known client, not yet with anyone (no active staff to route to)
 *   assigned    - routed to an employee
 *   in_progress - the employee is working on it
 *   done        - answered or fulfilled
 */
import { DomainError } from '../../../platform/domain-error.ts';

export const REQUEST_STATES = ['review', 'accepted', 'spam', 'new', 'assigned', 'in_progress', 'done'] as const;
export const REQUEST_EVENTS = ['accept', 'mark_spam', 'assign', 'start', 'complete', 'reopen'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

export const REQUEST_TRANSITIONS: { readonly [S in RequestState]: Readonly<Partial<Record<RequestEvent, RequestState>>> } = {
  review: { accept: 'accepted', mark_spam: 'spam' },
  accepted: { assign: 'assigned' },
  spam: {},
  new: { assign: 'assigned' },
  // Reassigning (the employee left, or the main employee hands it on) keeps it assigned.
  assigned: { assign: 'assigned', start: 'in_progress', complete: 'done' },
  in_progress: { assign: 'in_progress', complete: 'done' },
  // A client's reply to a finished thread opens it again with the same employee.
  done: { reopen: 'assigned' },
};

export function transitionRequest(state: RequestState, event: RequestEvent): RequestState {
  const next = REQUEST_TRANSITIONS[state][event];
  if (!next) throw new DomainError('invalid_state_transition', `A request that is ${state} cannot take "${event}".`);
  return next;
}

/** A request someone still has to deal with: it counts towards its assignee's load. */
export function isOpenRequest(state: RequestState): boolean {
  return state === 'new' || state === 'accepted' || state === 'assigned' || state === 'in_progress';
}
