// Client intake (issue 6): requests from web forms, email and Telegram, routed to the right person.

export { type ClientMatch, type KnownClient, matchClient, normaliseEmail, normaliseName, normalisePhone, type Sender } from './domain/client-matching.ts';
export { isOpenRequest, REQUEST_EVENTS, REQUEST_STATES, type RequestEvent, type RequestState, transitionRequest } from './domain/request.machine.ts';
export { chooseAssignee, type Employee, type RoutingDecision, type RoutingInput, type RoutingStrategy } from './domain/routing.ts';
