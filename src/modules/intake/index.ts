// Client intake (issue 6): requests from web forms, email and Telegram, routed to the right person.

export { assignRequest } from './app/assign-request.ts';
export { changeRequestState } from './app/change-request-state.ts';
export { type IntakeSettings, type IntakeSettingsInput, intakeSettingsOf, updateIntakeSettings } from './app/intake-settings.ts';
export { getRequest, listRequests } from './app/list-requests.ts';
export { announceNotifications, notificationSignals, notifyStaff } from './app/notify-staff.ts';
export { receiveIntakeMessage } from './app/receive-intake-message.ts';
export { replyToRequest } from './app/reply-to-request.ts';
export { acceptReviewRequest, markRequestSpam } from './app/review-request.ts';
export { sendNotificationDigests } from './app/send-notification-digests.ts';
export {
  captchaSolutions,
  formSubmissions,
  intakeAttachments,
  intakeBlockedSenders,
  intakeMailboxes,
  intakeMessages,
  intakeRequests,
  intakeSettings,
  staffNotifications,
  telegramLinks,
} from './db/schema.ts';
export { type ClientMatch, type KnownClient, matchClient, normaliseEmail, normaliseName, normalisePhone, type Sender } from './domain/client-matching.ts';
export {
  INTAKE_CHANNELS,
  type IntakeAttachment,
  type IntakeChannel,
  type IntakeMessage,
  type IntakeOutcome,
  type IntakeSender,
  REQUEST_KINDS,
  type RequestKind,
} from './domain/intake-message.ts';
export { isOpenRequest, REQUEST_EVENTS, REQUEST_STATES, type RequestEvent, type RequestState, transitionRequest } from './domain/request.machine.ts';
export { chooseAssignee, type Employee, type RoutingDecision, type RoutingInput, type RoutingStrategy } from './domain/routing.ts';
export { notificationRoutes } from './http/notification-routes.ts';
export { requestRoutes } from './http/request-routes.ts';
export { intakeSettingsRoutes } from './http/settings-routes.ts';
