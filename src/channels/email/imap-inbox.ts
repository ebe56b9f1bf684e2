import { htmlToText } from 'html-to-text';
import { ImapFlow } from 'imapflow';
import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import type { IntakeAttachment, IntakeMessage } from '../../modules/intake/index.ts';

/** Where a business's client mail arrives. */
export type ImapAccount = {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 993); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  /** Network timeout for connect, greeting and an idle socket: a poll must not hang for minutes. */
  timeoutMs?: number;
};

export type InboxState = { uidValidity: number; uidNext: number; exists: number };

/** One message as the server stored it, before parsing. */
export type RawMail = { uid: number; uidValidity: number; internalDate: Date | null; source: Buffer };

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A read-only session on one IMAP folder. The folder is opened with EXAMINE, so the poller never
 * changes flags: people who read the same mailbox in their mail program see it as they left it.
 */
export class ImapInbox {
  private constructor(
    private readonly client: ImapFlow,
    private readonly release: () => void,
    /** The last socket or protocol error: it says more than the "Connection not available" a command then rejects with. */
    private readonly failure: { error: Error | null },
    readonly state: InboxState,
  ) {}

  static async open(account: ImapAccount): Promise<ImapInbox> {
    const timeout = account.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const client = new ImapFlow({
      host: account.host,
      port: account.port,
      secure: account.secure,
      auth: { user: account.username, pass: account.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 4,
    });
    const failure: { error: Error | null } = { error: null };
    // An 'error' event without a listener would crash the process; the pending command rejects as well.
    client.on('error', (error: Error) => {
      failure.error = error;
    });
    try {
      await client.connect();
      const lock = await client.getMailboxLock(account.folder, { readOnly: true });
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`The folder ${account.folder} could not be opened.`);
      const state = { uidValidity: Number(mailbox.uidValidity), uidNext: mailbox.uidNext, exists: mailbox.exists };
      return new ImapInbox(client, () => lock.release(), failure, state);
    } catch (error) {
      client.close();
      throw describeImapError(failure.error ?? error);
    }
  }

  /** UIDs above `lastUid` with their sizes, oldest first. */
  async uidsAfter(lastUid: number): Promise<{ uid: number; size: number }[]> {
    if (this.state.exists === 0 || this.state.uidNext <= lastUid + 1) return [];
    try {
      const messages = await this.client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
      // `N:*` always matches the newest message even when its UID is below N (RFC 3501), hence the filter.
      return messages
        .filter((m) => m.uid > lastUid)
        .map((m) => ({ uid: m.uid, size: m.size ?? 0 }))
        .sort((a, b) => a.uid - b.uid);
    } catch (error) {
      throw describeImapError(this.failure.error ?? error);
    }
  }

  /** The full sources of these messages (one FETCH for the batch). */
  async fetch(uids: readonly number[]): Promise<RawMail[]> {
    if (uids.length === 0) return [];
    try {
      const messages = await this.client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
      return messages
        .filter((m) => m.source)
        .map((m) => ({
          uid: m.uid,
          uidValidity: this.state.uidValidity,
          internalDate: m.internalDate ? new Date(m.internalDate) : null,
          source: m.source as Buffer,
        }))
        .sort((a, b) => a.uid - b.uid);
    } catch (error) {
      throw describeImapError(this.failure.error ?? error);
    }
  }

  async close(): Promise<void> {
    try {
      this.release();
      await this.client.logout();
    } catch {
      // The connection may be gone already (that is often why we close); nothing is left to tidy.
      this.client.close();
    }
  }
}

/** Groups UIDs so one FETCH holds at most `maxMessages` messages and about `maxBytes` (a larger message goes alone). */
export function batchUids(list: readonly { uid: number; size: number }[], maxMessages: number, maxBytes: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const { uid, size } of list) {
    if (current.length > 0 && (current.length >= maxMessages || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Connects, opens the folder and reports what is there, for the "test connection" button. */
export async function checkImapAccount(account: ImapAccount): Promise<{ ok: true; state: InboxState } | { ok: false; error: string }> {
  try {
    const inbox = await ImapInbox.open(account);
    await inbox.close();
    return { ok: true, state: inbox.state };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export type ParseOptions = {
  /** Identifies the mailbox in the fallback id of a message that has no Message-ID. */
  mailboxId: string;
  /** When the message was received if the server gave no INTERNALDATE. */
  now: Date;
  /** What staff read instead of the text of a message that could not be parsed at all. */
  unreadableText: string;
};

/**
 * One stored email as an IntakeMessage. Malformed MIME keeps what could be read; a message with
 * nothing readable still becomes a message (saying so, with the raw source attached), never a gap.
 */
export async function toIntakeMessage(mail: RawMail, options: ParseOptions): Promise<IntakeMessage> {
  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(mail.source, { skipImageLinks: true });
  } catch {
    return unreadableMessage(mail, options);
  }
  const sender = firstAddress(parsed.from);
  const text = clean(textOf(parsed)).trim();
  const attachments = parsed.attachments.map(toAttachment);
  if (sender === null && !parsed.subject && text === '' && attachments.length === 0) return unreadableMessage(mail, options);
  return {
    channel: 'email',
    kind: 'email',
    externalId: cleanId(parsed.messageId) ?? fallbackId(mail, options),
    threadRefs: threadRefsOf(parsed),
    sender: senderOf(sender),
    subject: clean(parsed.subject ?? '').trim() || null,
    text,
    attachments,
    receivedAt: mail.internalDate ?? options.now,
    unknownSender: 'review',
  };
}

/**
 * The message as "could not be read", with its raw source attached: for mail the parser cannot
 * make sense of, or whose parsed form the intake refused. Only the From header is trusted here.
 */
export function unreadableMessage(mail: RawMail, options: ParseOptions): IntakeMessage {
  const from = /^From:[^\r\n]*?<?([^\s<>@"]+@[^\s<>@"]+?)>?\s*$/im.exec(mail.source.subarray(0, 64 * 1024).toString('latin1'));
  return {
    channel: 'email',
    kind: 'email',
    externalId: fallbackId(mail, options),
    threadRefs: [],
    sender: senderOf(from?.[1] ? { name: '', email: from[1].toLowerCase() } : null),
    subject: null,
    text: options.unreadableText,
    attachments: [{ filename: `message-${mail.uid}.eml`, contentType: 'message/rfc822', content: mail.source }],
    receivedAt: mail.internalDate ?? options.now,
    unknownSender: 'review',
  };
}

/** The plain-text part, else the HTML as text (mailparser converts only an HTML body at the top level). */
function textOf(parsed: ParsedMail): string {
  if (parsed.text?.trim()) return parsed.text;
  return typeof parsed.html === 'string' ? htmlToText(parsed.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : '';
}

function fallbackId(mail: RawMail, options: ParseOptions): string {
  return `<uid:${mail.uidValidity}:${mail.uid}@${options.mailboxId}>`;
}

function senderOf(address: { name: string; email: string | null } | null): IntakeMessage['sender'] {
  return { name: address?.name || null, email: address?.email ?? null, emailVerified: address?.email != null };
}

/** PostgreSQL text and jsonb cannot hold NUL characters, which broken mail may decode to. */
function clean(value: string): string {
  return value.replaceAll('\u0000', '');
}

function firstAddress(from: AddressObject | undefined): { name: string; email: string | null } | null {
  const first = from?.value.find((a) => a.address) ?? from?.value[0];
  if (!first) return null;
  const email = first.address?.trim().toLowerCase();
  // A group or a broken header yields no usable address: the message waits for review without one.
  return { name: clean(first.name ?? '').trim(), email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? clean(email) : null };
}

function threadRefsOf(parsed: ParsedMail | null): string[] {
  if (!parsed) return [];
  const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
  const refs = [parsed.inReplyTo, ...references].map(cleanId).filter((id): id is string => id !== null);
  return [...new Set(refs)];
}

/** Message-IDs are compared as written, in angle brackets (mailparser's and our SMTP sender's form). */
function cleanId(id: string | undefined): string | null {
  const trimmed = clean(id ?? '').trim();
  if (!trimmed) return null;
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

function toAttachment(attachment: Attachment, index: number): IntakeAttachment {
  const extension = attachment.contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin';
  return {
    filename: clean(attachment.filename ?? '').trim() || `attachment-${index + 1}.${extension || 'bin'}`,
    contentType: attachment.contentType,
    content: attachment.content,
  };
}

/** IMAP errors carry the server's words in fields beside the message; keep them for `last_error`. */
function describeImapError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const detail = error as Error & { responseText?: string; code?: string; authenticationFailed?: boolean };
  if (detail.authenticationFailed)
    return new Error(`The server refused the user name or password${detail.responseText ? `: ${detail.responseText.replace(/\.$/, '')}` : ''}.`);
  const extra = detail.responseText ?? detail.code;
  return extra && !error.message.includes(extra) ? new Error(`${error.message} (${extra})`) : error;
}
