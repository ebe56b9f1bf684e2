import type { IntakeMessage, RequestKind } from '../../modules/intake/index.ts';

/** What the visitor typed, already checked and normalised (email lower-cased, phone in E.164). */
export type WebFormSubmission = {
  id: string;
  form: Extract<RequestKind, 'signup' | 'order' | 'appointment'>;
  name: string;
  email: string | null;
  phone: string | null;
  message: string;
  /** Form fields beyond the contact: what to order, preferred date and time. */
  extra: Record<string, string | null>;
  /** The page's language. */
  locale: string;
  subject: string;
  receivedAt: Date;
};

/**
 * A web-form submission as the one IntakeMessage every channel produces. The typed email and
 * phone prove nothing (anyone can type them), so they are marked unverified; the captcha is what
 * lets an unknown sender become a client without review.
 */
export function formIntakeMessage(submission: WebFormSubmission): IntakeMessage {
  const fields: Record<string, string> = { form: submission.form, language: submission.locale };
  for (const [key, value] of Object.entries(submission.extra)) if (value) fields[key] = value;
  return {
    channel: 'web_form',
    kind: submission.form,
    externalId: submission.id,
    sender: {
      name: submission.name,
      email: submission.email,
      emailVerified: false,
      phone: submission.phone,
      phoneVerified: false,
      locale: submission.locale,
    },
    subject: submission.subject,
    text: submission.message,
    fields,
    receivedAt: submission.receivedAt,
    unknownSender: 'create_client',
  };
}
