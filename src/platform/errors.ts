import { DomainError } from './domain-error.ts';

export { DomainError };

type ErrorType = 'invalid_request_error' | 'authentication_error' | 'idempotency_error' | 'card_error' | 'api_error';

type ErrorSpec = { status: number; type: ErrorType; message: string };

/**
 * The one table from error code to HTTP status, error type and default user message.
 * Every code any module throws must be here (a test checks the codes used in src/).
 */
export const ERROR_CODES = {
  // request shape
  parameter_invalid: { status: 400, type: 'invalid_request_error', message: 'A parameter is invalid.' },
  parameter_unknown: { status: 400, type: 'invalid_request_error', message: 'The request has a parameter we do not know.' },
  parameter_missing: { status: 400, type: 'invalid_request_error', message: 'A required parameter is missing.' },
  body_invalid_json: { status: 400, type: 'invalid_request_error', message: 'The request body is not valid JSON.' },
  currency_unknown: { status: 400, type: 'invalid_request_error', message: 'The currency is not an ISO 4217 code.' },
  currency_mismatch: { status: 400, type: 'invalid_request_error', message: 'The currencies of these objects differ.' },
  timezone_unknown: { status: 400, type: 'invalid_request_error', message: 'The time zone is not an IANA time zone.' },
  locale_unsupported: { status: 400, type: 'invalid_request_error', message: 'That language is not supported.' },
  resource_missing: { status: 404, type: 'invalid_request_error', message: 'No such object.' },
  route_not_found: { status: 404, type: 'invalid_request_error', message: 'Unrecognised request URL.' },
  web_app_not_built: { status: 503, type: 'api_error', message: 'The web app is not built yet: run `npm run build`.' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', message: 'Method not allowed here.' },
  // auth
  api_key_missing: { status: 401, type: 'authentication_error', message: 'Provide your API key as "Authorization: Bearer <key>".' },
  api_key_invalid: { status: 401, type: 'authentication_error', message: 'That API key is not valid.' },
  api_key_in_use: { status: 409, type: 'invalid_request_error', message: 'You cannot revoke the API key this request is made with.' },
  not_signed_in: { status: 401, type: 'authentication_error', message: 'You are not signed in.' },
  sign_in_failed: { status: 401, type: 'authentication_error', message: 'The email or password is not correct.' },
  sign_in_rate_limited: { status: 429, type: 'authentication_error', message: 'Too many failed attempts. Wait a few minutes and try again.' },
  mfa_required: { status: 401, type: 'authentication_error', message: 'Enter your authentication code to finish signing in.' },
  mfa_code_invalid: { status: 400, type: 'authentication_error', message: 'That code is not correct.' },
  mfa_already_enabled: { status: 409, type: 'invalid_request_error', message: 'Two-factor authentication is already on.' },
  mfa_not_enrolled: { status: 409, type: 'invalid_request_error', message: 'Two-factor authentication is not set up.' },
  csrf_token_invalid: { status: 403, type: 'authentication_error', message: 'The request is missing its security token; reload the page and try again.' },
  role_forbidden: { status: 403, type: 'invalid_request_error', message: 'Your role does not allow this.' },
  no_business: { status: 403, type: 'authentication_error', message: 'Your account does not belong to any business.' },
  password_too_weak: { status: 400, type: 'invalid_request_error', message: 'Use at least 10 characters, and not your email address.' },
  password_incorrect: { status: 400, type: 'invalid_request_error', message: 'The password is not correct.' },
  reset_link_invalid: { status: 400, type: 'invalid_request_error', message: 'This reset link is invalid, used or expired. Ask for a new one.' },
  invitation_invalid: { status: 404, type: 'invalid_request_error', message: 'This invitation is invalid, used or expired.' },
  invitation_email_mismatch: { status: 403, type: 'invalid_request_error', message: 'This invitation is for another email address; sign in with that one.' },
  already_member: { status: 409, type: 'invalid_request_error', message: 'This person is already a member of the business.' },
  last_owner: { status: 409, type: 'invalid_request_error', message: 'A business needs at least one owner.' },
  test_mode_only: { status: 403, type: 'invalid_request_error', message: 'This call is only available to test-mode businesses.' },
  // idempotency
  idempotency_key_reused: { status: 422, type: 'idempotency_error', message: 'This Idempotency-Key was already used with different parameters.' },
  idempotency_key_in_use: { status: 409, type: 'idempotency_error', message: 'A request with this Idempotency-Key is still being processed.' },
  idempotency_key_invalid: { status: 400, type: 'idempotency_error', message: 'The Idempotency-Key must be 1 to 255 printable characters.' },
  // state
  invalid_state_transition: { status: 409, type: 'invalid_request_error', message: 'The object is not in a state that allows this.' },
  invoice_not_open: { status: 409, type: 'invalid_request_error', message: 'The invoice is not open for payment.' },
  invoice_empty: { status: 400, type: 'invalid_request_error', message: 'An invoice needs at least one line.' },
  price_not_recurring: { status: 400, type: 'invalid_request_error', message: 'A subscription needs recurring prices.' },
  price_not_one_time: { status: 400, type: 'invalid_request_error', message: 'A one-off invoice line needs a one-time price or an amount.' },
  price_inactive: { status: 400, type: 'invalid_request_error', message: 'The price is archived.' },
  interval_mismatch: { status: 400, type: 'invalid_request_error', message: 'All items of a subscription must bill on the same interval.' },
  subscription_canceled: { status: 409, type: 'invalid_request_error', message: 'The subscription is canceled.' },
  payment_method_missing: { status: 400, type: 'invalid_request_error', message: 'The customer has no saved payment method.' },
  payment_method_unknown: { status: 400, type: 'invalid_request_error', message: 'That test payment method does not exist.' },
  amount_out_of_range: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The amounts add up to more than one invoice can hold (99,999,999,999 minor units).',
  },
  amount_too_large: { status: 400, type: 'invalid_request_error', message: 'The amount is larger than what remains.' },
  refund_exceeds_payment: { status: 400, type: 'invalid_request_error', message: 'The refund is larger than what remains of the payment.' },
  card_declined: { status: 402, type: 'card_error', message: 'The card was declined.' },
  // disputes
  dispute_exceeds_payment: { status: 400, type: 'invalid_request_error', message: 'The disputed amount is larger than what remains of the payment.' },
  payment_not_disputable: { status: 400, type: 'invalid_request_error', message: 'This payment cannot be disputed.' },
  dispute_evidence_past_due: { status: 409, type: 'invalid_request_error', message: 'The evidence deadline of this dispute has passed.' },
  // payment plans, deposits and credit policy
  plan_amounts_mismatch: { status: 400, type: 'invalid_request_error', message: 'The instalments must add up exactly to the amount moved into the plan.' },
  plan_nothing_to_move: { status: 400, type: 'invalid_request_error', message: 'None of these invoices has anything left to pay.' },
  plan_invoice_not_eligible: {
    status: 409,
    type: 'invalid_request_error',
    message: 'Only open invoices of this customer, in one currency and not already in a plan, can be moved into a payment plan.',
  },
  credit_limit_exceeded: {
    status: 402,
    type: 'invalid_request_error',
    message: "This invoice would take the customer's open balance over their credit limit.",
  },
  prepayment_required: { status: 402, type: 'invalid_request_error', message: 'This customer must pay in advance: bill a deposit first.' },
  // collections
  reminder_ladder_invalid: { status: 400, type: 'invalid_request_error', message: 'The reminder ladder is not valid.' },
  // webhooks
  event_type_unknown: { status: 400, type: 'invalid_request_error', message: 'That is not an event type Duly sends.' },
  webhook_endpoint_disabled: { status: 409, type: 'invalid_request_error', message: 'The webhook endpoint is disabled; enable it to send to it.' },
  // stripe and card-update links
  stripe_not_configured: { status: 409, type: 'invalid_request_error', message: 'This business does not take cards through Stripe.' },
  stripe_error: { status: 400, type: 'invalid_request_error', message: 'Stripe refused the request.' },
  stripe_signature_invalid: { status: 400, type: 'invalid_request_error', message: 'The Stripe-Signature header does not match this event.' },
  card_update_link_invalid: { status: 404, type: 'invalid_request_error', message: 'This card-update link is not valid.' },
  card_update_link_expired: { status: 410, type: 'invalid_request_error', message: 'This card-update link has expired; ask the business for a new one.' },
  card_update_link_used: { status: 410, type: 'invalid_request_error', message: 'This card-update link was already used.' },
  card_setup_incomplete: { status: 400, type: 'invalid_request_error', message: 'The card has not been confirmed with the payment provider yet.' },
  gateway_unavailable: { status: 503, type: 'api_error', message: 'The payment provider did not answer; try again shortly.' },
  // client portal
  portal_sign_in_required: { status: 401, type: 'authentication_error', message: 'Sign in to the portal first: ask for a sign-in link by email.' },
  portal_link_invalid: { status: 400, type: 'invalid_request_error', message: 'This sign-in link is not valid. Ask for a new one.' },
  portal_link_expired: { status: 410, type: 'invalid_request_error', message: 'This sign-in link has expired. Ask for a new one.' },
  portal_link_used: { status: 410, type: 'invalid_request_error', message: 'This sign-in link was already used. Ask for a new one.' },
  portal_csrf_invalid: { status: 403, type: 'authentication_error', message: 'The request is missing its CSRF token; reload the page and try again.' },
  portal_rate_limited: { status: 429, type: 'invalid_request_error', message: 'Too many sign-in links were asked for. Wait a few minutes and try again.' },
  portal_no_contact: { status: 400, type: 'invalid_request_error', message: 'The customer cannot be reached on that channel.' },
  // payment terms
  late_fee_not_applicable: { status: 409, type: 'invalid_request_error', message: 'No late fee applies to this invoice now.' },
  late_fee_already_assessed: { status: 409, type: 'invalid_request_error', message: 'A late fee for this step was already assessed.' },
  // server
  internal_error: { status: 500, type: 'api_error', message: 'Something went wrong on our side.' },
  // intake (core)
  form_slug_taken: { status: 409, type: 'invalid_request_error', message: 'Another business already uses that form address.' },
  request_not_in_review: { status: 409, type: 'invalid_request_error', message: 'Only a request waiting in the review queue can be accepted or marked spam.' },
  assignee_not_member: { status: 400, type: 'invalid_request_error', message: 'The assignee must be a member of this business.' },
  request_has_no_reply_channel: { status: 409, type: 'invalid_request_error', message: 'This client cannot be reached on the channel of this request.' },
  // intake: public web forms
  form_not_found: { status: 404, type: 'invalid_request_error', message: 'There is no such form.' },
  form_contact_missing: { status: 400, type: 'invalid_request_error', message: 'Give an email address or a phone number so the business can answer you.' },
  form_captcha_missing: { status: 400, type: 'invalid_request_error', message: 'Complete the anti-spam check before sending the form.' },
  form_captcha_invalid: { status: 400, type: 'invalid_request_error', message: 'The anti-spam check did not pass. Run it again and resend the form.' },
  form_captcha_expired: { status: 400, type: 'invalid_request_error', message: 'The anti-spam check has expired. Run it again and resend the form.' },
  form_captcha_used: { status: 409, type: 'invalid_request_error', message: 'This anti-spam check was already used. Run it again to send another form.' },
  form_rate_limited: { status: 429, type: 'invalid_request_error', message: 'Too many forms were sent. Wait a while and try again.' },
  secret_key_mismatch: { status: 500, type: 'api_error', message: 'A stored secret cannot be decrypted with the configured encryption key.' },
  // customers: merging duplicates (issue 6)
  customer_merge_same: { status: 400, type: 'invalid_request_error', message: 'A customer cannot be merged into itself.' },
  customer_already_merged: { status: 409, type: 'invalid_request_error', message: 'This customer was already merged into another one.' },
  // intake: Telegram bot
  telegram_not_configured: { status: 409, type: 'invalid_request_error', message: 'Save the Telegram bot token in the Telegram channel settings first.' },
  telegram_api_error: { status: 502, type: 'api_error', message: 'Telegram did not accept the request. Check the bot token and try again.' },
  telegram_webhook_unauthorized: { status: 401, type: 'authentication_error', message: 'The Telegram secret token does not match this business.' },
  telegram_update_failed: { status: 503, type: 'api_error', message: 'The Telegram update could not be handled now; Telegram will send it again.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorSpec(code: string): ErrorSpec {
  return (ERROR_CODES as Record<string, ErrorSpec>)[code] ?? ERROR_CODES.internal_error;
}

/** Throw with a known code; the message defaults to the table's user message. */
export function fail(code: ErrorCode, message?: string, param?: string): never {
  throw new DomainError(code, message ?? ERROR_CODES[code].message, param);
}

export function notFound(what: string, id: string, param = 'id'): never {
  fail('resource_missing', `No such ${what}: '${id}'`, param);
}
