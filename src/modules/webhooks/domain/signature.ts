import { createHmac, randomBytes } from 'node:crypto';

/** A new endpoint signing secret; the whole string (prefix included) is the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Hex HMAC-SHA256 of "<t>.<body>": binding the timestamp stops an old message being replayed later. */
export function signaturePayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The `Duly-Signature` header value: `t=<unix seconds>,v1=<hex hmac>`. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signaturePayload(secret, timestamp, body)}`;
}
