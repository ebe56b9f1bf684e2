import { timingSafeEqual } from 'node:crypto';
import { signaturePayload } from './domain/signature.ts';

export type WebhookSignatureFailure = 'malformed_header' | 'bad_signature' | 'timestamp_outside_tolerance' | 'invalid_payload';

/** Why a webhook was refused; receivers should answer 400 and not act on the body. */
export class WebhookSignatureError extends Error {
  constructor(
    readonly reason: WebhookSignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export type WebhookEvent = { id: string; object: 'event'; type: string; created: number; data: Record<string, unknown> };

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new WebhookSignatureError('malformed_header', `Malformed Duly-Signature header: "${part.trim()}" is not key=value.`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) throw new WebhookSignatureError('malformed_header', 'Malformed Duly-Signature header: t is not a unix timestamp.');
      timestamp = Number(value);
    } else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null) throw new WebhookSignatureError('malformed_header', 'Malformed Duly-Signature header: no t= timestamp.');
  if (signatures.length === 0) throw new WebhookSignatureError('malformed_header', 'Malformed Duly-Signature header: no v1= signature.');
  return { timestamp, signatures };
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Lengths are public (always 64 hex digits); the contents are compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a webhook from Duly and returns the parsed event, or throws WebhookSignatureError.
 * Pass the raw request body exactly as received (before any JSON parsing), the `Duly-Signature`
 * header and the endpoint's `whsec_...` secret. Messages signed more than `toleranceSeconds`
 * away from `now` (unix seconds) are refused, so a captured message cannot be replayed later.
 */
export function verifyWebhookSignature(rawBody: string, header: string, secret: string, toleranceSeconds = 300, now = Date.now() / 1000): WebhookEvent {
  if (typeof header !== 'string' || header.length === 0) throw new WebhookSignatureError('malformed_header', 'The Duly-Signature header is missing.');
  const { timestamp, signatures } = parseHeader(header);
  const expected = signaturePayload(secret, timestamp, rawBody);
  if (!signatures.some((s) => sameHex(expected, s))) {
    throw new WebhookSignatureError('bad_signature', 'The signature does not match the body: wrong secret, or the body was changed.');
  }
  if (Math.abs(now - timestamp) > toleranceSeconds) {
    throw new WebhookSignatureError('timestamp_outside_tolerance', `The signature timestamp is more than ${toleranceSeconds} seconds from now.`);
  }
  let event: unknown;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new WebhookSignatureError('invalid_payload', 'The body is not valid JSON.');
  }
  if (!event || typeof event !== 'object' || (event as { object?: unknown }).object !== 'event') {
    throw new WebhookSignatureError('invalid_payload', 'The body is not a Duly event.');
  }
  return event as WebhookEvent;
}
