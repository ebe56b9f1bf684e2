import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

// Sent as base64 and decoded by the database: PGlite serialises a Buffer parameter byte by byte
// in JavaScript (35 s for a 20 MB attachment), a base64 string in one go.
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => sql`decode(${value.toString('base64')}, 'base64')` as unknown as Buffer,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A client's request (seed 001): an enquiry, order, appointment request, email thread or chat.
 * `customer_id` is null only while an unknown sender waits in the review queue.
 */
export const intakeRequests = pgTable(
  'intake_requests',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id'),
    /** enquiry | order | appointment | signup | email | chat */
    kind: text('kind').notNull(),
    /** web_form | email | telegram | manual */
    channel: text('channel').notNull(),
    state: text('state').notNull(),
    subject: text('subject'),
    assigneeUserId: text('assignee_user_id'),
    /** Why the assignee was chosen (routing decision reason), for the owner to check the rules. */
    routingReason: text('routing_reason'),
    /** What the sender said about themselves: name, email, phone, telegram chat, locale. */
    sender: jsonb('sender').$type<Record<string, string | boolean | null>>().notNull().default({}),
    /** The client was matched by a contact the sender typed but did not prove (a web form). */
    unverifiedMatch: boolean('unverified_match').notNull().default(false),
    /** Form fields beyond the contact (service wanted, preferred time ...). */
    fields: jsonb('fields').$type<Record<string, string>>().notNull().default({}),
    /** Customers this sender may be (possible duplicates) for staff to merge or keep apart. */
    possibleDuplicates: jsonb('possible_duplicates').$type<{ customer_id: string; reasons: string[] }[]>().notNull().default([]),
    lastMessageAt: instant('last_message_at').notNull(),
    assignedAt: instant('assigned_at'),
    closedAt: instant('closed_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('intake_requests_state_idx').on(t.tenantId, t.state, t.lastMessageAt),
    index('intake_requests_assignee_idx').on(t.tenantId, t.assigneeUserId, t.state),
    index('intake_requests_customer_idx').on(t.tenantId, t.customerId),
  ],
);

/** One message of a request, in or out, on its channel. `external_id` makes a re-import a no-op. */
export const intakeMessages = pgTable(
  'intake_messages',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    requestId: text('request_id').notNull(),
    /** in | out */
    direction: text('direction').notNull(),
    channel: text('channel').notNull(),
    /** Email Message-ID, `tg:<chat>:<message>`, form submission id: unique per business and channel. */
    externalId: text('external_id').notNull(),
    /** Thread keys this message answers (In-Reply-To, References); its own Message-ID is external_id. */
    threadRefs: jsonb('thread_refs').$type<string[]>().notNull().default([]),
    fromAddress: text('from_address'),
    subject: text('subject'),
    bodyText: text('body_text').notNull(),
    authorUserId: text('author_user_id'),
    receivedAt: instant('received_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('intake_messages_external_uq').on(t.tenantId, t.channel, t.externalId),
    index('intake_messages_request_idx').on(t.tenantId, t.requestId, t.receivedAt),
  ],
);

export const intakeAttachments = pgTable(
  'intake_attachments',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    messageId: text('message_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('intake_attachments_message_idx').on(t.tenantId, t.messageId)],
);

/** Per business: how requests are routed and what the public forms do. */
export const intakeSettings = pgTable(
  'intake_settings',
  {
    tenantId: tenantId().primaryKey(),
    routingStrategy: text('routing_strategy').notNull().default('least_busy'),
    mainEmployeeUserId: text('main_employee_user_id'),
    /** Round robin's place: the last employee it chose. Updated under the row lock. */
    lastRoundRobinUserId: text('last_round_robin_user_id'),
    /** Staff who are away (holiday, sick) get no new requests. */
    inactiveUserIds: jsonb('inactive_user_ids').$type<string[]>().notNull().default([]),
    /** The public path of this business's forms: /f/<slug>/<form>. */
    formSlug: text('form_slug'),
    formsEnabled: jsonb('forms_enabled').$type<string[]>().notNull().default(['signup', 'order', 'appointment']),
    /** Form submissions per IP per hour and per business per hour. */
    formLimitPerIp: integer('form_limit_per_ip').notNull().default(5),
    formLimitPerBusiness: integer('form_limit_per_business').notNull().default(200),
    /** Telegram bot: 'polling' (default; works behind NAT) or 'webhook'. */
    telegramMode: text('telegram_mode').notNull().default('polling'),
    telegramWebhookSecret: text('telegram_webhook_secret'),
    /**
     * Long polling resumes at this update id, so a restart handles no update twice. Update ids
     * are per bot: a new token (another bot) starts again from its own first update.
     */
    telegramBotId: text('telegram_bot_id'),
    telegramUpdateOffset: bigint('telegram_update_offset', { mode: 'number' }).notNull().default(0),
    digestEnabled: boolean('digest_enabled').notNull().default(true),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('intake_settings_form_slug_uq').on(t.formSlug).where(sql`${t.formSlug} is not null`)],
);

/** Addresses marked spam: their later mail is dropped without reaching the review queue. */
export const intakeBlockedSenders = pgTable(
  'intake_blocked_senders',
  {
    tenantId: tenantId(),
    /** `email:<address>` or `phone:<E.164>` */
    address: text('address').notNull(),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.address] })],
);

/** An IMAP mailbox polled for client mail; the password is sealed (platform secrets). */
export const intakeMailboxes = pgTable(
  'intake_mailboxes',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    secure: boolean('secure').notNull().default(true),
    username: text('username').notNull(),
    password: text('password').notNull(),
    folder: text('folder').notNull().default('INBOX'),
    enabled: boolean('enabled').notNull().default(true),
    /** UID tracking: resume after the last imported UID unless the server's UIDVALIDITY changed. */
    uidValidity: bigint('uid_validity', { mode: 'number' }),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
    lastPolledAt: instant('last_polled_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** A Telegram chat that shared its own phone number, linked to the client it proved to be. */
export const telegramLinks = pgTable(
  'telegram_links',
  {
    tenantId: tenantId(),
    chatId: text('chat_id').notNull(),
    telegramUserId: text('telegram_user_id').notNull(),
    customerId: text('customer_id'),
    phone: text('phone'),
    locale: text('locale'),
    linkedAt: instant('linked_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.chatId] }), index('telegram_links_customer_idx').on(t.tenantId, t.customerId)],
);

/** A challenge solved once: a replayed solution finds its row and is refused. */
export const captchaSolutions = pgTable(
  'captcha_solutions',
  {
    /** sha256 of the challenge's signature (unique per challenge). */
    signatureHash: text('signature_hash').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('captcha_solutions_expires_idx').on(t.expiresAt)],
);

/** Form submissions, counted per IP and per business for the rate limits; old rows are pruned. */
export const formSubmissions = pgTable(
  'form_submissions',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    form: text('form').notNull(),
    ip: text('ip').notNull(),
    /** accepted | rejected:<reason> */
    outcome: text('outcome').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('form_submissions_ip_idx').on(t.ip, t.createdAt),
    index('form_submissions_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);

/** What an employee is told about: a new request assigned to them, a client's reply. */
export const staffNotifications = pgTable(
  'staff_notifications',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    userId: text('user_id').notNull(),
    /** request_assigned | request_message | review_waiting */
    kind: text('kind').notNull(),
    requestId: text('request_id'),
    title: text('title').notNull(),
    readAt: instant('read_at'),
    /** Set when an email digest included it (the employee was not online to see it). */
    digestedAt: instant('digested_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('staff_notifications_user_idx').on(t.tenantId, t.userId, t.createdAt)],
);
