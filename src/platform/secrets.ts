import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from './config.ts';
import { fail } from './errors.ts';

/**
 * Secrets at rest (S2): provider passwords, API keys, bot tokens, signing secrets and TOTP seeds
 * are stored as an AES-256-GCM envelope `enc:v1:<iv>:<tag>:<ciphertext>` (base64url parts), so a
 * copied database file or dump alone does not hand out the keys to a business's accounts.
 *
 * The 32-byte master key comes from DULY_ENCRYPTION_KEY (base64) or, when that is unset, from a key
 * file created on first use in the data dir (mode 0600). One key per process: the functions below
 * take no context so every module can call them at its read/write points.
 */

const PREFIX = 'enc:v1:';
export const KEY_FILE_NAME = 'encryption.key';

type KeySource = { key: Buffer; origin: 'env' | 'file' | 'memory'; path?: string };

let current: KeySource | null = null;

export type SecretsOptions = {
  env?: NodeJS.ProcessEnv;
  /** Where the key file lives when the env var is unset; null = in-memory database, a process-only key. */
  dataDir: string | null;
  /** Warn that a server database should get its key from the environment. */
  warn?: (message: string) => void;
  postgres?: boolean;
};

/** Chooses the master key for this process (called by the composition root before any secret is read). */
export function configureSecrets(options: SecretsOptions): void {
  const env = options.env ?? process.env;
  const fromEnv = env.DULY_ENCRYPTION_KEY;
  if (fromEnv) {
    current = { key: parseKey(fromEnv, 'DULY_ENCRYPTION_KEY'), origin: 'env' };
    return;
  }
  if (options.dataDir === null) {
    // Nothing outlives the process (in-memory database), so a process key is enough; keep one key
    // across several apps in one process so values written by one stay readable by the next.
    if (current?.origin !== 'memory') current = { key: randomBytes(32), origin: 'memory' };
    return;
  }
  const path = join(options.dataDir, KEY_FILE_NAME);
  if (options.postgres) {
    options.warn?.(
      `DULY_ENCRYPTION_KEY is not set: secrets are encrypted with the key file ${path}. In production set DULY_ENCRYPTION_KEY (32 bytes, base64).`,
    );
  }
  current = { key: readOrCreateKeyFile(path), origin: 'file', path };
}

/** Forget the configured key (tests that switch keys). */
export function resetSecrets(): void {
  current = null;
}

export function isEncryptedSecret(stored: string | null | undefined): boolean {
  return typeof stored === 'string' && stored.startsWith(PREFIX);
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${b64(iv)}:${b64(tag)}:${b64(body)}`;
}

/** Plain legacy values pass through so rows written before encryption keep working until the startup step rewrites them. */
export function decryptSecret(stored: string): string {
  if (!isEncryptedSecret(stored)) return stored;
  const [iv, tag, body, ...rest] = stored
    .slice(PREFIX.length)
    .split(':')
    .map((part) => Buffer.from(part, 'base64url'));
  // GCM accepts truncated tags; insist on the full 16 bytes we write so a forged short tag cannot pass.
  if (!iv || !tag || !body || rest.length > 0 || iv.length !== 12 || tag.length !== 16) mismatch();
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    mismatch();
  }
}

/** `encryptSecret` for nullable columns. */
export function encryptOptional(plain: string | null | undefined): string | null {
  return plain === null || plain === undefined || plain === '' ? (plain ?? null) : encryptSecret(plain);
}

/** `decryptSecret` for nullable columns. */
export function decryptOptional(stored: string | null | undefined): string | null {
  return stored === null || stored === undefined ? null : decryptSecret(stored);
}

/** Last four characters of a secret, for "…abcd" hints in API responses. */
export function secretLast4(stored: string | null | undefined): string | null {
  if (!stored) return null;
  const plain = decryptSecret(stored);
  return plain.length >= 8 ? plain.slice(-4) : null; // a short secret would be half revealed
}

/**
 * A 32-byte key for one purpose (e.g. signing captcha challenges), derived from the master key
 * with HKDF: every process sharing the master key derives the same one, and it reveals nothing
 * about the master key or the other purposes' keys.
 */
export function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey(), Buffer.alloc(0), `duly:${purpose}`, 32));
}

function masterKey(): Buffer {
  if (!current) {
    // Code paths outside the composition root (CLI helpers, scripts) use the same rules as `duly start`.
    const config = loadConfig();
    configureSecrets({ dataDir: config.dataDir });
  }
  return (current as KeySource).key;
}

function mismatch(): never {
  const where = current?.origin === 'env' ? 'DULY_ENCRYPTION_KEY' : current?.origin === 'file' ? `the key file ${current.path}` : 'a temporary in-memory key';
  fail(
    'secret_key_mismatch',
    `A stored secret cannot be decrypted with ${where}: it was encrypted with another key. Set DULY_ENCRYPTION_KEY to the key used when it was saved.`,
  );
}

function parseKey(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`${name} must be 32 bytes encoded as base64 (got ${key.length} bytes); create one with: openssl rand -base64 32`);
  }
  return key;
}

function readOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) return parseKey(readFileSync(path, 'utf8'), path);
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  // Write a private temp file, then link it into place: two processes starting at once must not
  // both create (or read a half-written) key; the loser reads the winner's key.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKey(readFileSync(path, 'utf8'), path);
  } finally {
    unlinkSync(temp);
  }
  return key;
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
