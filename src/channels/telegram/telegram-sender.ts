import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { type ChannelSender, PermanentDeliveryError, RetryableDeliveryError } from '../channel.ts';

export type TelegramSenderOptions = {
  token: string;
  /** Bot API root without a trailing slash; defaults to Telegram's. A local Bot API server or a test fake goes here. */
  apiRoot?: string;
  timeoutMs?: number;
};

// Telegram's limits, counted in UTF-16 code units.
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
// A numeric chat id (negative for groups and channels) or a public @channelusername.
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/;

/**
 * Sends the text with sendMessage (split when longer than Telegram allows), then each attachment
 * as a document captioned with the subject. Telegram has no idempotency key: a retry after a
 * partial failure repeats the parts that had already arrived.
 */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const api = new Api(options.token, {
    ...(options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot }),
    timeoutSeconds: (options.timeoutMs ?? 30_000) / 1000,
  });
  return {
    channel: 'telegram',
    async send(message) {
      if (!CHAT_ID.test(message.to)) throw new PermanentDeliveryError(`not a Telegram chat id: ${JSON.stringify(message.to)}`);
      const attachments = message.attachments ?? [];
      const chunks = message.text.trim() === '' ? [] : splitText(message.text, MAX_TEXT);
      if (chunks.length === 0 && attachments.length === 0) throw new PermanentDeliveryError('nothing to send: empty text and no attachments');
      const ids: number[] = [];
      try {
        for (const chunk of chunks) ids.push((await api.sendMessage(message.to, chunk)).message_id);
        const caption = message.subject ? splitText(message.subject, MAX_CAPTION)[0] : undefined;
        for (const attachment of attachments) {
          const document = new InputFile(attachment.content, safeFilename(attachment.filename));
          ids.push((await api.sendDocument(message.to, document, caption ? { caption } : {})).message_id);
        }
      } catch (error) {
        throw classify(error);
      }
      return { providerMessageId: String(ids[0]) };
    },
  };
}

/** Splits at a newline, else a space, in the second half of the limit; never inside a surrogate pair. */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

// grammY writes the filename unquoted into the multipart header: keep it on one line.
function safeFilename(name: string): string {
  return name.replace(/[\r\n"]/g, '_') || 'document';
}

function classify(error: unknown): Error {
  if (error instanceof GrammyError) {
    const detail = `Telegram ${error.method} failed: ${error.error_code} ${error.description}`;
    const migratedTo = error.parameters?.migrate_to_chat_id;
    if (error.error_code === 400 || error.error_code === 403) {
      const hint = migratedTo === undefined ? '' : ` (the group is now chat ${migratedTo})`;
      return new PermanentDeliveryError(detail + hint, { cause: error });
    }
    const retryAfter = error.parameters?.retry_after;
    return new RetryableDeliveryError(detail, retryAfter === undefined ? undefined : retryAfter * 1000, { cause: error });
  }
  // grammY's HttpError says only "Network request failed"; the wrapped error says why (timeout, refused).
  const inner = error instanceof HttpError && error.error instanceof Error ? `: ${error.error.message}` : '';
  const reason = error instanceof Error ? error.message + inner : String(error);
  return new Error(`Telegram unreachable: ${reason}`, { cause: error });
}
