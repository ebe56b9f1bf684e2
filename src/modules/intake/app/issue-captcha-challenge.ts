import { type Challenge, createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { AppContext } from '../../../app-context.ts';
import { captchaPolicyFrom } from '../domain/form-captcha.ts';
import { captchaSecrets } from './captcha-secrets.ts';

/** A fresh proof-of-work challenge for one business's forms, valid for the policy's TTL. */
export async function issueCaptchaChallenge(ctx: AppContext, tenantId: string): Promise<Challenge> {
  const policy = captchaPolicyFrom(process.env);
  return createChallenge({
    algorithm: policy.algorithm,
    cost: policy.cost,
    counter: randomInt(policy.counterMax, policy.counterMin),
    deriveKey,
    expiresAt: new Date(ctx.clock.now().getTime() + policy.ttlSeconds * 1000),
    // Signed with the rest: a challenge fetched for one business does not open another's forms.
    data: { tenant: tenantId },
    ...captchaSecrets(),
  });
}
