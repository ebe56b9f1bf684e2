import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSecrets, decryptSecret, encryptSecret, KEY_FILE_NAME, resetSecrets } from '../../src/platform/secrets.ts';

/** The envelope itself: what an operator relies on when a database copy leaves the machine. */
describe('secrets at rest: the envelope', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'duly-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    resetSecrets();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('seals a secret as enc:v1 with a fresh IV each time and opens it again', () => {
    configureSecrets({ dataDir: null });
    const first = encryptSecret('smtp-pass-ω-1234');
    const second = encryptSecret('smtp-pass-ω-1234');
    expect(first).toMatch(/^enc:v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(first).not.toContain('smtp-pass');
    expect(second).not.toBe(first);
    expect(decryptSecret(first)).toBe('smtp-pass-ω-1234');
    expect(decryptSecret(second)).toBe('smtp-pass-ω-1234');
  });

  it('lets legacy plaintext through, and seals even a value that looks like an envelope', () => {
    configureSecrets({ dataDir: null });
    expect(decryptSecret('whsec_legacy')).toBe('whsec_legacy');
    const lookalike = 'enc:v1:typed-by-a-user';
    expect(decryptSecret(encryptSecret(lookalike))).toBe(lookalike);
  });

  it('refuses a tampered value or another key with secret_key_mismatch', () => {
    configureSecrets({ env: { DULY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') }, dataDir: null });
    const sealed = encryptSecret('sk_test_abcdef1234');
    const [iv, tag, body] = sealed.slice('enc:v1:'.length).split(':') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptSecret(`enc:v1:${iv}:${tag}:${flipped.toString('base64url')}`)).toThrow(expect.objectContaining({ code: 'secret_key_mismatch' }));
    // A truncated tag must not be accepted (GCM would otherwise check fewer bits).
    expect(() => decryptSecret(`enc:v1:${iv}:${tag.slice(0, 6)}:${body}`)).toThrow(expect.objectContaining({ code: 'secret_key_mismatch' }));
    configureSecrets({ env: { DULY_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64') }, dataDir: null });
    expect(() => decryptSecret(sealed)).toThrow(/DULY_ENCRYPTION_KEY/);
  });

  it('rejects a DULY_ENCRYPTION_KEY that is not 32 bytes, saying how to make one', () => {
    expect(() => configureSecrets({ env: { DULY_ENCRYPTION_KEY: 'c2hvcnQ=' }, dataDir: null })).toThrow(/32 bytes.*openssl rand -base64 32/);
  });

  it('creates the key file once, readable by the owner only, and reuses it on the next start', () => {
    const dir = tempDir();
    configureSecrets({ env: {}, dataDir: dir });
    const sealed = encryptSecret('123456:telegram-token');
    const file = join(dir, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    resetSecrets();
    configureSecrets({ env: {}, dataDir: dir });
    expect(decryptSecret(sealed)).toBe('123456:telegram-token');
  });

  it('warns that a PostgreSQL deployment should set the key in the environment', () => {
    const warnings: string[] = [];
    configureSecrets({ env: {}, dataDir: tempDir(), postgres: true, warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/DULY_ENCRYPTION_KEY/);
    warnings.length = 0;
    configureSecrets({
      env: { DULY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') },
      dataDir: tempDir(),
      postgres: true,
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toHaveLength(0);
  });
});
