import { type Challenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { AppContext } from '../../../app-context.ts';
import { fail } from '../../../platform/errors.ts';
import { type CaptchaPayload, solutionKey } from '../domain/form-captcha.ts';
import { captchaSecrets } from './captcha-secrets.ts';

/**
 * Checks a solved challenge: signed by this installation, for this business, not expired by our
 * clock, and the answer right. Whether it was used before is the caller's to check, in the
 * transaction that records it. Returns the key that remembers it and when it can be forgotten.
 */
export async function checkCaptchaSolution(ctx: AppContext, tenantId: string, payload: CaptchaPayload): Promise<{ key: string; expiresAt: Date }> {
  const expiresAt = payload.challenge.parameters.expiresAt;
  if (typeof expiresAt !== 'number' || payload.challenge.parameters.data?.tenant !== tenantId) fail('form_captcha_invalid');
  let result: Awaited<ReturnType<typeof verifySolution>>;
  try {
    result = await verifySolution({ challenge: payload.challenge as unknown as Challenge, solution: payload.solution, deriveKey, ...captchaSecrets() });
  } catch {
    // Parameters a browser would never send (an unknown algorithm, a zero cost) make the library throw.
    fail('form_captcha_invalid');
  }
  // The library compares the expiry with the wall clock; ours is the injected one, so check that too.
  if (result.expired || expiresAt * 1000 < ctx.clock.now().getTime()) fail('form_captcha_expired');
  if (!result.verified) fail('form_captcha_invalid');
  return { key: solutionKey(payload), expiresAt: new Date(expiresAt * 1000) };
}
