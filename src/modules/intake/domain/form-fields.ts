import type { SupportedLocale } from '../../../platform/i18n/index.ts';
import { normaliseEmail, normalisePhone } from './client-matching.ts';

/** The public forms a business offers: /f/<slug>/<form>. */
export const FORM_KINDS = ['signup', 'order', 'appointment'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export function isFormKind(value: unknown): value is FormKind {
  return typeof value === 'string' && (FORM_KINDS as readonly string[]).includes(value);
}

/**
 * A field people never see (hidden off-screen, skipped by keyboard and screen readers) that
 * form-filling bots tend to fill. A filled one marks the submission as a bot's.
 */
export const HONEYPOT_FIELD = 'website';
/** The form field the ALTCHA widget writes its solution into. */
export const CAPTCHA_FIELD = 'altcha';

export const FIELD_LIMITS = { name: 200, email: 254, phone: 40, message: 5000, what: 500 } as const;

/** What a visitor typed, checked and normalised: email lower-cased, phone in E.164. */
export type FormFields = {
  name: string;
  email: string | null;
  phone: string | null;
  message: string;
  /** Order form: what the client wants. */
  what: string | null;
  /** Appointment form: YYYY-MM-DD and HH:MM in the business's time zone. */
  preferredDate: string | null;
  preferredTime: string | null;
};

/** Why a field was refused; `problem` names the `forms:errors.<problem>` message. */
export type FieldProblem = {
  field: string;
  code: 'parameter_missing' | 'parameter_invalid' | 'form_contact_missing';
  problem: 'required' | 'too_long' | 'email_invalid' | 'phone_invalid' | 'contact_missing' | 'date_invalid' | 'date_past' | 'time_invalid';
};

/**
 * The country a number without +<country code> most likely belongs to, from the page's language:
 * a local number typed on the Latvian page is a Latvian one. English pages name no country, so
 * there the number needs its country code.
 */
const PHONE_COUNTRY = { vi: 'VN', lv: 'LV', th: 'TH', hy: 'AM' } as const;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function text(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks one submission of `form`: a name, an email and/or a phone, and the form's own fields
 * (order: what; appointment: a preferred date not before `today`, optionally a time). Returns
 * the first problem in the order the fields appear on the page, so the page can point at it.
 */
export function readFormFields(
  form: FormKind,
  input: Record<string, unknown>,
  context: { locale: SupportedLocale; today: string },
): { ok: true; fields: FormFields } | { ok: false; problem: FieldProblem } {
  const refuse = (field: string, problem: FieldProblem['problem'], code: FieldProblem['code'] = 'parameter_invalid') =>
    ({ ok: false, problem: { field, code, problem } }) as const;
  const name = text(input, 'name');
  if (!name) return refuse('name', 'required', 'parameter_missing');
  if (name.length > FIELD_LIMITS.name) return refuse('name', 'too_long');
  const rawEmail = text(input, 'email');
  if (rawEmail.length > FIELD_LIMITS.email || (rawEmail && !EMAIL.test(rawEmail))) return refuse('email', 'email_invalid');
  const rawPhone = text(input, 'phone');
  const country = context.locale === 'en' ? undefined : PHONE_COUNTRY[context.locale];
  const phone = rawPhone && rawPhone.length <= FIELD_LIMITS.phone ? normalisePhone(rawPhone, country) : null;
  if (rawPhone && !phone) return refuse('phone', 'phone_invalid');
  if (!rawEmail && !phone) return refuse('email', 'contact_missing', 'form_contact_missing');
  const what = text(input, 'what');
  if (form === 'order' && !what) return refuse('what', 'required', 'parameter_missing');
  if (what.length > FIELD_LIMITS.what) return refuse('what', 'too_long');
  const preferredDate = text(input, 'preferred_date');
  const preferredTime = text(input, 'preferred_time');
  if (form === 'appointment') {
    if (!preferredDate) return refuse('preferred_date', 'required', 'parameter_missing');
    if (!DATE.test(preferredDate) || !isRealDate(preferredDate)) return refuse('preferred_date', 'date_invalid');
    if (preferredDate < context.today) return refuse('preferred_date', 'date_past');
    if (preferredTime && !TIME.test(preferredTime)) return refuse('preferred_time', 'time_invalid');
  }
  const message = text(input, 'message');
  if (message.length > FIELD_LIMITS.message) return refuse('message', 'too_long');
  return {
    ok: true,
    fields: {
      name,
      email: rawEmail ? normaliseEmail(rawEmail) : null,
      phone,
      message,
      what: form === 'order' ? what : null,
      preferredDate: form === 'appointment' ? preferredDate : null,
      preferredTime: form === 'appointment' && preferredTime ? preferredTime : null,
    },
  };
}

/** A honeypot counts as filled when it holds anything but blanks. */
export function honeypotFilled(input: Record<string, unknown>): boolean {
  return text(input, HONEYPOT_FIELD) !== '';
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: "today" for the business. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
