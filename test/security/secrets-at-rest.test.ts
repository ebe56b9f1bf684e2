import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, createHttpServer } from '../../src/app.ts';
import { createTenant } from '../../src/modules/tenants/index.ts';
import { verifyWebhookSignature } from '../../src/modules/webhooks/index.ts';
import { rows } from '../../src/platform/db/tx.ts';
import { KEY_FILE_NAME, resetSecrets } from '../../src/platform/secrets.ts';
import { type SmtpSink, startSmtpSink } from '../channels/support/smtp-sink.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const run = promisify(execFile);

const SMTP_PASSWORD = 'Sm7p-pa55-Q9xZ';
const SMS_KEY = 'sms-live-key-8c1f0e';
const BOT_TOKEN = '424242:AAH-secret_bot_token';
const STRIPE_SECRET = 'sk_test_51SecretKeyAbCdEf9876';
const STRIPE_WHSEC = 'whsec_TopSecretSigning4321';

/** Every stored secret of one business, as the database holds it (what a stolen dump would show). */
async function storedSecrets(app: App, tenantId: string): Promise<string> {
  const db = app.database.db;
  const channels = await rows<{ config: unknown }>(db, sql`select config from messaging_settings where tenant_id = ${tenantId}`);
  const stripe = await rows<Record<string, string>>(db, sql`select secret_key, webhook_secret from stripe_settings where tenant_id = ${tenantId}`);
  const endpoints = await rows<{ secret: string }>(db, sql`select secret from webhook_endpoints where tenant_id = ${tenantId}`);
  return JSON.stringify({ channels, stripe, endpoints });
}

describe('secrets at rest through the API', () => {
  let app: TestApp;
  let sink: SmtpSink;
  const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });

  beforeAll(async () => {
    app = await startTestApp();
    sink = await startSmtpSink({ credentials: { user: 'billing', password: SMTP_PASSWORD } });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
  });
  afterAll(async () => {
    receiver.close();
    await sink.close();
    await app.stop();
  });

  it('keeps every channel, Stripe and webhook secret out of the database rows and out of API responses, and still uses them', async () => {
    const { apiKey, ctx } = await app.tenant({ name: 'Riga Yoga' });
    const email = await app.api(apiKey, 'POST', '/v1/messaging_settings/email', {
      host: '127.0.0.1',
      port: sink.port,
      user: 'billing',
      password: SMTP_PASSWORD,
      from: 'billing@yoga.example',
    });
    expect(email.status).toBe(200);
    expect(email.body.config).toMatchObject({ host: '127.0.0.1', user: 'billing', password_set: true });
    expect(email.body.config.password).toBeUndefined();
    expect((await app.api(apiKey, 'POST', '/v1/messaging_settings/sms', { endpoint: 'http://127.0.0.1:9/sms', api_key: SMS_KEY, from: 'Yoga' })).status).toBe(
      200,
    );
    expect((await app.api(apiKey, 'POST', '/v1/messaging_settings/telegram', { token: BOT_TOKEN })).status).toBe(200);
    const stripe = await app.api(apiKey, 'POST', '/v1/settings/stripe', {
      secret_key: STRIPE_SECRET,
      webhook_secret: STRIPE_WHSEC,
      publishable_key: 'pk_test_51Pub',
    });
    expect(stripe.status).toBe(200);
    const port = (receiver.address() as AddressInfo).port;
    const endpoint = await app.api(apiKey, 'POST', '/v1/webhook_endpoints', { url: `http://127.0.0.1:${port}/hooks`, enabled_events: ['*'] });
    expect(endpoint.status).toBe(200);
    const signingSecret: string = endpoint.body.secret;
    expect(signingSecret).toMatch(/^whsec_/);

    const stored = await storedSecrets(app, ctx.id);
    for (const secret of [SMTP_PASSWORD, SMS_KEY, BOT_TOKEN, STRIPE_SECRET, STRIPE_WHSEC, signingSecret]) expect(stored).not.toContain(secret);
    expect(stored.match(/enc:v1:/g)).toHaveLength(6);

    const reads = [
      await app.api(apiKey, 'GET', '/v1/messaging_settings'),
      await app.api(apiKey, 'GET', '/v1/settings/stripe'),
      await app.api(apiKey, 'GET', '/v1/webhook_endpoints'),
      await app.api(apiKey, 'GET', `/v1/webhook_endpoints/${endpoint.body.id}`),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      const text = JSON.stringify(read.body);
      for (const secret of [SMTP_PASSWORD, SMS_KEY, BOT_TOKEN, STRIPE_SECRET, STRIPE_WHSEC, signingSecret]) expect(text).not.toContain(secret);
      expect(text).not.toContain('enc:v1');
    }
    const channels = Object.fromEntries(reads[0]!.body.data.map((s: { channel: string; config: object }) => [s.channel, s.config]));
    expect(channels).toMatchObject({ email: { password_set: true }, sms: { api_key_set: true }, telegram: { token_set: true } });
    expect(reads[1]!.body).toMatchObject({ gateway: 'stripe', secret_key: 'sk_test_...9876', secret_key_set: true, webhook_secret_set: true });

    // Changing the SMTP host without retyping the password keeps the saved one.
    const moved = await app.api(apiKey, 'POST', '/v1/messaging_settings/email', {
      host: '127.0.0.1',
      port: sink.port,
      user: 'billing',
      from: 'billing@yoga.example',
    });
    expect(moved.body.config.password_set).toBe(true);

    // The sink only accepts the right password, and the receiver checks the signature: both need the decrypted secrets.
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', { name: 'Anna Bērziņa', email: 'anna@example.lv' })).body;
    const invoice = (await app.api(apiKey, 'POST', '/v1/invoices', { customer: customer.id, lines: [{ description: 'Drop-in class', unit_amount: 1500 }] }))
      .body;
    expect((await app.api(apiKey, 'POST', `/v1/invoices/${invoice.id}/finalize`)).status).toBe(200);
    await app.api(apiKey, 'POST', '/v1/test_clock/advance', { days: 1 });
    expect(sink.received.some((m) => m.to.includes('anna@example.lv') && m.user === 'billing')).toBe(true);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      const header = String(hook.headers['duly-signature']);
      const signedAt = Number(/t=(\d+)/.exec(header)?.[1]); // signed on the business's (test) clock
      expect(() => verifyWebhookSignature(hook.body, header, signingSecret, 300, signedAt)).not.toThrow();
      expect(() => verifyWebhookSignature(hook.body, header, 'whsec_someone_else', 300, signedAt)).toThrow();
    }
  });
});

describe('secrets saved before encryption, and a wrong key', () => {
  let dataDir: string;
  const savedKey = process.env.DULY_ENCRYPTION_KEY;

  beforeAll(() => {
    // The key file in the data dir is what this story is about.
    delete process.env.DULY_ENCRYPTION_KEY;
    dataDir = mkdtempSync(join(tmpdir(), 'duly-at-rest-'));
  });
  afterAll(() => {
    if (savedKey !== undefined) process.env.DULY_ENCRYPTION_KEY = savedKey;
    resetSecrets();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => createApp({ database: { kind: 'embedded', dataDir } });

  it('encrypts plaintext rows at the next start, once, keeps them usable, and refuses to start with another key', async () => {
    const first = await start();
    const { tenant: tenantId, api_key: apiKey } = await createTenant(first.ctx, { name: 'Old Gym', mode: 'test', currency: 'usd', timezone: 'UTC' });
    const db = first.database.db;
    // Rows exactly as a version without encryption wrote them.
    await db.execute(
      sql`insert into messaging_settings (tenant_id, channel, config, enabled, updated_at) values (${tenantId}, 'email', ${JSON.stringify({ host: 'smtp.example', password: SMTP_PASSWORD, from: 'a@b.example' })}::jsonb, true, now())`,
    );
    await db.execute(
      sql`insert into stripe_settings (tenant_id, secret_key, webhook_secret, publishable_key, updated_at) values (${tenantId}, ${STRIPE_SECRET}, ${STRIPE_WHSEC}, 'pk_test_51Pub', now())`,
    );
    await db.execute(
      sql`insert into webhook_endpoints (tenant_id, id, url, enabled_events, secret, created_at) values (${tenantId}, 'we_legacy', 'https://example.com/h', '["*"]'::jsonb, 'whsec_legacy_plain_0001', now())`,
    );
    expect(await storedSecrets(first, tenantId)).toContain(SMTP_PASSWORD);
    await first.close();

    const second = await start();
    const sealed = await storedSecrets(second, tenantId);
    for (const secret of [SMTP_PASSWORD, STRIPE_SECRET, STRIPE_WHSEC, 'whsec_legacy_plain_0001']) expect(sealed).not.toContain(secret);
    expect(sealed.match(/enc:v1:/g)).toHaveLength(4);
    // Still usable: the Stripe account reads back in the clear, and the API shows only its last 4.
    expect(await second.ctx.stripe.settings(tenantId)).toMatchObject({ secretKey: STRIPE_SECRET, webhookSecret: STRIPE_WHSEC });
    const server = await createHttpServer(second.ctx);
    const shown = await server.inject({ method: 'GET', url: '/v1/settings/stripe', headers: { authorization: `Bearer ${apiKey}` } });
    expect(shown.json()).toMatchObject({ secret_key: 'sk_test_...9876', webhook_secret_set: true });
    await server.close();
    await second.close();

    const third = await start();
    expect(await storedSecrets(third, tenantId)).toBe(sealed); // idempotent: nothing re-encrypted
    await third.close();

    // Someone restores the database next to a different key file.
    const keyFile = join(dataDir, KEY_FILE_NAME);
    const rightKey = readFileSync(keyFile, 'utf8');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    resetSecrets();
    await expect(start()).rejects.toMatchObject({ code: 'secret_key_mismatch', message: expect.stringMatching(/cannot be decrypted.*encryption\.key/) });
    // The failed start released the data dir: with the right key back, it starts again.
    writeFileSync(keyFile, rightKey, { mode: 0o600 });
    resetSecrets();
    const fourth = await start();
    expect(await fourth.ctx.stripe.settings(tenantId)).toMatchObject({ secretKey: STRIPE_SECRET });
    await fourth.close();
  });
});

describe('duly with the wrong DULY_ENCRYPTION_KEY', () => {
  const savedKey = process.env.DULY_ENCRYPTION_KEY;
  const keyA = randomBytes(32).toString('base64');
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'duly-wrong-key-'));
  });
  afterAll(() => {
    if (savedKey === undefined) delete process.env.DULY_ENCRYPTION_KEY;
    else process.env.DULY_ENCRYPTION_KEY = savedKey;
    resetSecrets();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const duly = (key: string) =>
    run(process.execPath, ['bin/duly.mjs', 'migrate'], {
      env: { ...process.env, DULY_DATA_DIR: dataDir, DATABASE_URL: '', DULY_ENCRYPTION_KEY: key },
      timeout: 240_000,
    });

  // Three starts of the command (migrations on an embedded database each): room for a busy machine.
  it('refuses to start with a clear message, and starts with the right key', { timeout: 600_000 }, async () => {
    process.env.DULY_ENCRYPTION_KEY = keyA;
    const app = await createApp({ database: { kind: 'embedded', dataDir } });
    const { tenant } = await createTenant(app.ctx, { name: 'Keyed Studio', mode: 'test', currency: 'usd', timezone: 'UTC' });
    await app.database.db.execute(
      sql`insert into stripe_settings (tenant_id, secret_key, webhook_secret, publishable_key, updated_at) values (${tenant}, ${STRIPE_SECRET}, ${STRIPE_WHSEC}, 'pk_test_51Pub', now())`,
    );
    await app.close();
    expect((await duly(keyA)).stdout).toContain('Database is up to date.'); // encrypts the row with key A

    const failure = await duly(randomBytes(32).toString('base64')).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      'duly: A stored secret cannot be decrypted with DULY_ENCRYPTION_KEY: it was encrypted with another key.',
    );
    expect((await duly(keyA)).stdout).toContain('Database is up to date.');
  });
});
