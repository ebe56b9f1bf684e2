/**
 * The contract between the messaging module and the outbound channel adapters.
 * Adapters hold no state and touch no database: the delivery job records what they return.
 */

export type Attachment = { filename: string; contentType: string; content: Buffer };

export type OutboundMessage = {
  /** The message row id. Providers that support idempotency get it; email carries it as Message-ID / X-Duly-Message-Id. */
  idempotencyKey: string;
  /** Email address, E.164 phone number, or Telegram chat id. */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  /** Extra headers, e.g. List-Unsubscribe for non-transactional mail. Only email uses them. */
  headers?: Record<string, string>;
};

export type ChannelName = 'email' | 'sms' | 'telegram';

export interface ChannelSender {
  readonly channel: ChannelName;
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
}

/** The provider refused for good (bad address, blocked bot): do not retry. Anything else thrown is retryable. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * A retryable failure for which the provider said how long to wait (HTTP 429 Retry-After,
 * Telegram's retry_after). Throwing a plain Error means the same thing without the hint.
 */
export class RetryableDeliveryError extends Error {
  override name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
