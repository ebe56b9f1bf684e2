/**
 * What every inbound channel (web form, IMAP mailbox, Telegram bot) turns its traffic into
 * before any use case sees it (CONVENTIONS 9). `receiveIntakeMessage` takes it from here.
 */
export const INTAKE_CHANNELS = ['web_form', 'email', 'telegram', 'manual'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const REQUEST_KINDS = ['enquiry', 'order', 'appointment', 'signup', 'email', 'chat'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export type IntakeAttachment = { filename: string; contentType: string; content: Buffer };

export type IntakeSender = {
  name?: string | null;
  email?: string | null;
  /** The channel proved the address (mail that came from it). A typed address is not proof. */
  emailVerified?: boolean;
  /** E.164 (normalisePhone). */
  phone?: string | null;
  /** The channel proved the number (Telegram: the sender shared their own contact). */
  phoneVerified?: boolean;
  /** Telegram chat id: where replies, invoices and reminders go. */
  telegramChatId?: string | null;
  /** BCP 47 language the sender uses (form page language, Telegram language_code). */
  locale?: string | null;
};

export type IntakeMessage = {
  channel: IntakeChannel;
  kind: RequestKind;
  /** Unique per business and channel: email Message-ID, `tg:<chat>:<message>`, form submission id. A repeat is ignored. */
  externalId: string;
  /** Email In-Reply-To and References: the message joins the open request holding any of them. */
  threadRefs?: readonly string[];
  sender: IntakeSender;
  subject?: string | null;
  text: string;
  attachments?: readonly IntakeAttachment[];
  /** Extra form fields (service wanted, preferred time). */
  fields?: Readonly<Record<string, string>>;
  receivedAt: Date;
  /**
   * What to do when no client matches: `create_client` (captcha-checked forms, Telegram after a
   * shared contact) or `review` (email from an unknown sender waits for a person: spam stays out).
   */
  unknownSender: 'create_client' | 'review';
};

export type IntakeOutcome =
  /** A new request was opened for a known or newly created client. */
  | { outcome: 'opened'; requestId: string; customerId: string; assigneeUserId: string | null }
  /** The message joined an open request of the same thread or chat. */
  | { outcome: 'appended'; requestId: string; customerId: string; assigneeUserId: string | null }
  /** Unknown sender: the request waits in the review queue. */
  | { outcome: 'review'; requestId: string; customerId: null; assigneeUserId: null }
  /** The sender was marked spam before: dropped. */
  | { outcome: 'blocked'; requestId: null; customerId: null; assigneeUserId: null }
  /** This external id was imported before: nothing written. */
  | { outcome: 'duplicate'; requestId: string | null; customerId: string | null; assigneeUserId: null };
