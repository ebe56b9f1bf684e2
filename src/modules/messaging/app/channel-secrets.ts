import { decryptSecret, encryptSecret, isEncryptedSecret } from '../../../platform/secrets.ts';

/** Config fields that are credentials: encrypted at rest, never sent back over the API. */
export const CHANNEL_SECRET_FIELDS = ['password', 'api_key', 'token'] as const;

const isSecretField = (key: string) => (CHANNEL_SECRET_FIELDS as readonly string[]).includes(key);

/**
 * The config to store: secrets encrypted. A secret left out of an update keeps its saved value,
 * so a settings form can change the host without the owner typing the password again; an empty
 * string removes it.
 */
export function sealChannelConfig(config: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const sealed: Record<string, unknown> = {};
  for (const field of CHANNEL_SECRET_FIELDS) {
    const kept = previous?.[field];
    if (config[field] === undefined && typeof kept === 'string') sealed[field] = isEncryptedSecret(kept) ? kept : encryptSecret(kept);
  }
  for (const [key, value] of Object.entries(config)) {
    if (!isSecretField(key) || typeof value !== 'string') sealed[key] = value;
    else if (value !== '') sealed[key] = encryptSecret(value);
  }
  return sealed;
}

/** The config with secrets in the clear, for building a sender. */
export function openChannelConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, isSecretField(key) && typeof value === 'string' ? decryptSecret(value) : value]),
  );
}

/** The config for the API: secrets replaced by `<field>_set: true`. */
export function publicChannelConfig(config: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (isSecretField(key)) shown[`${key}_set`] = typeof value === 'string' && value !== '';
    else shown[key] = value;
  }
  return shown;
}

/** True when a stored config still holds a secret in the clear (rows saved before encryption). */
export function hasPlainSecret(config: Record<string, unknown>): boolean {
  return CHANNEL_SECRET_FIELDS.some((field) => typeof config[field] === 'string' && config[field] !== '' && !isEncryptedSecret(config[field] as string));
}
