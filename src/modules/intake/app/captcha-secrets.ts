import { derivedKey } from '../../../platform/secrets.ts';

/**
 * The installation's two HMAC secrets for captcha challenges, derived from the master key
 * (platform/secrets.ts), never stored or hard-coded: one signs the challenge, the other the key a
 * correct answer derives, so checking an answer costs one HMAC instead of the visitor's work again.
 */
export const captchaSecrets = () => ({
  hmacSignatureSecret: derivedKey('altcha-challenge').toString('hex'),
  hmacKeySignatureSecret: derivedKey('altcha-derived-key').toString('hex'),
});
