import Stripe from 'stripe';
import { fail } from '../../platform/errors.ts';

/** How old a signed delivery may be (Stripe's own default): a replayed old delivery is refused. */
const TOLERANCE_SECONDS = 300;

// Verification needs no API key; the SDK's helper is reached through an instance.
const verifier = new Stripe('sk_verify_only').webhooks;

/**
 * The event Stripe sent, if the Stripe-Signature header is a valid HMAC of exactly these bytes
 * with the business's webhook secret (and recent); otherwise a 400 and nothing happens.
 */
export function verifyStripeEvent(rawBody: string | Buffer, signature: string | undefined, secret: string, receivedAt: Date): Stripe.Event {
  if (!signature) fail('stripe_signature_invalid', 'The Stripe-Signature header is missing.', 'Stripe-Signature');
  try {
    // The SDK takes `receivedAt` in milliseconds (it divides by 1000 itself).
    return verifier.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS, undefined, receivedAt.getTime());
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) fail('stripe_signature_invalid', undefined, 'Stripe-Signature');
    fail('parameter_invalid', `The event is not valid JSON: ${(error as Error).message}`);
  }
}
