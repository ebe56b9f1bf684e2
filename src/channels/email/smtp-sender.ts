import { createTransport } from 'nodemailer';
import { type ChannelSender, type OutboundMessage, PermanentDeliveryError } from '../channel.ts';

export type SmtpSenderOptions = {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  /** Sender, e.g. `"Studio Nord" <billing@studio.example>`. */
  from: string;
  replyTo?: string;
  /** Keep connections open between messages (bulk sends). Call close() when done. */
  pool?: boolean;
  /** Connect, greeting and idle-socket timeout. A delivery job must not hang for nodemailer's 10-minute default. */
  timeoutMs?: number;
};

export type SmtpSender = ChannelSender & { close(): void };

// Headers the adapter owns: a caller must not be able to break idempotency by overriding them.
const RESERVED_HEADERS = new Set(['message-id', 'x-duly-message-id']);
// RFC 5322 atext plus dots: what may stand left of the @ in a Message-ID.
const MESSAGE_ID_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
// One mailbox, no display name: a comma or angle bracket here would let one message reach several people.
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\.][^\s@<>,;:"()[\]\\]*$/;

export function messageIdFor(idempotencyKey: string): string {
  if (!MESSAGE_ID_LOCAL.test(idempotencyKey)) throw new TypeError(`idempotency key ${JSON.stringify(idempotencyKey)} cannot form a Message-ID`);
  return `<${idempotencyKey}@duly>`;
}

export function createSmtpSender(options: SmtpSenderOptions): SmtpSender {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.user === undefined ? undefined : { user: options.user, pass: options.password ?? '' },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Attachments arrive as buffers; nothing rendered from tenant data may make nodemailer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(options.pool ? { pool: true as const } : {}),
  });

  return {
    channel: 'email',
    async send(message) {
      if (!SINGLE_ADDRESS.test(message.to)) throw new PermanentDeliveryError(`not a single email address: ${JSON.stringify(message.to)}`);
      const messageId = messageIdFor(message.idempotencyKey);
      try {
        const info = await transport.sendMail({
          from: options.from,
          replyTo: options.replyTo,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: message.html,
          messageId,
          headers: { ...callerHeaders(message), 'X-Duly-Message-Id': message.idempotencyKey },
          attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        });
        return { providerMessageId: info.messageId || messageId };
      } catch (error) {
        throw classify(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

function callerHeaders(message: OutboundMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}

type NodemailerError = Error & { code?: string; responseCode?: number; command?: string };

/**
 * Only a 5xx about this recipient or this message is final. Connection, TLS, auth and MAIL FROM
 * failures are the tenant's settings or the server's state: retrying after a fix must work.
 */
function classify(error: unknown): Error {
  const err = error as NodemailerError;
  const code = err?.responseCode ?? 0;
  const recipientRejected = code >= 500 && err.command === 'RCPT TO';
  const messageRejected = err?.code === 'EMESSAGE' && (code >= 500 || code === 0);
  if (recipientRejected || messageRejected) return new PermanentDeliveryError(`SMTP rejected the message: ${err.message}`, { cause: error });
  return new Error(`SMTP delivery failed: ${err?.message ?? String(error)}`, { cause: error });
}
