import { type ChannelSender, PermanentDeliveryError, RetryableDeliveryError } from '../channel.ts';

export type HttpSmsSenderOptions = {
  /** The provider's "send message" URL. */
  endpoint: string;
  apiKey: string;
  /** Sender id or number, as the provider expects it. */
  from: string;
  timeoutMs?: number;
};

const E164 = /^\+[1-9]\d{1,14}$/;
// Later may work: 401 bad API key (the tenant fixes the setting, like an SMTP login), 408 timeout,
// 409 same idempotency key still in flight, 425 too early, 429 rate limit.
const RETRYABLE_4XX = new Set([401, 408, 409, 425, 429]);

/**
 * An SMS provider in the style of the common HTTP APIs: POST JSON `{to, from, text}` with a bearer key
 * and an Idempotency-Key, answered with `{id}`. The idempotency key makes a retry after a lost
 * answer safe: the provider returns the first message instead of sending a second one.
 */
export function createHttpSmsSender(options: HttpSmsSenderOptions): ChannelSender {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    channel: 'sms',
    async send(message) {
      if (!E164.test(message.to)) throw new PermanentDeliveryError(`not an E.164 phone number: ${JSON.stringify(message.to)}`);
      if (message.attachments?.length) throw new PermanentDeliveryError('an SMS cannot carry attachments; send a link instead');
      let response: Response;
      try {
        response = await fetch(options.endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify({ to: message.to, from: options.from, text: message.text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(error);
        throw new Error(`SMS provider unreachable: ${reason}`, { cause: error });
      }
      const body = await readBody(response);
      if (response.ok) {
        const id = (body.json as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string' || typeof id === 'number') return { providerMessageId: String(id) };
        // Accepted but unreadable: retrying with the same idempotency key returns the first answer.
        throw new Error(`SMS provider answered ${response.status} without an id: ${body.excerpt}`);
      }
      const detail = `SMS provider answered ${response.status}: ${body.excerpt}`;
      if (response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status)) throw new PermanentDeliveryError(detail);
      throw new RetryableDeliveryError(detail, retryAfterMs(response.headers.get('retry-after')));
    },
  };
}

async function readBody(response: Response): Promise<{ json: unknown; excerpt: string }> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const err = (json as { error?: { message?: unknown }; message?: unknown } | undefined) ?? {};
  const message = typeof err.error?.message === 'string' ? err.error.message : typeof err.message === 'string' ? err.message : text;
  return { json, excerpt: message.slice(0, 300) || '(empty body)' };
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
