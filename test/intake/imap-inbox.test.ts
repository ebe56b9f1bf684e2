import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, createHttpServer } from '../../src/app.ts';
import type { ImapAccount } from '../../src/channels/email/imap-inbox.ts';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { pollMailbox } from '../../src/modules/intake/app/poll-mailbox.ts';
import { intakeMailboxes } from '../../src/modules/intake/index.ts';
import { pollAllMailboxes, startMailboxPoller } from '../../src/modules/intake/jobs/mailbox-poller.ts';
import { createTenant, loadTenant, type TenantContext } from '../../src/modules/tenants/index.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { expectError } from '../http/helpers.ts';
import { testDatabase } from '../support/database.ts';
import { type Dovecot, rfc822, startDovecot, startTcpCutter, type TcpCutter } from '../support/dovecot.ts';
import { asStaff, createStaffUser, signIn } from '../support/staff.ts';

/**
 * The email inbox (I2) against a real Dovecot on 127.0.0.1: client mail becomes requests, replies
 * join their thread, strangers wait for review, spam stays out, broken and huge mail arrive whole,
 * and neither a dropped connection nor a restart loses or repeats a message.
 */
let dovecot: Dovecot;
let cutter: TcpCutter;
let database: Awaited<ReturnType<typeof testDatabase>>;
let options: DatabaseOptions;
let dataDir: string | null = null;
let app: App;
let server: FastifyInstance;
let tenant: TenantContext;
let apiKey: string;
let otherKey: string;
/** The main client mailbox, polled by most tests. */
let deskAccount: ImapAccount;
let clientId: string;
const CLIENT = 'ilze@client.example';

async function startApp() {
  app = await createApp({ database: options });
  server = await createHttpServer(app.ctx);
  await server.ready();
}

async function stopApp() {
  await server.close();
  await app.close();
}

async function api(key: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await server.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

/** Saves the mailbox through the API like an owner would, and returns its id. */
async function configure(account: ImapAccount): Promise<string> {
  const { host, port, secure, username, password, folder } = account;
  const res = await api(apiKey, 'POST', '/v1/intake/mailboxes', { host, port, secure, username, password, folder });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

function poll(mailboxId: string, extra: Parameters<typeof pollMailbox>[3] = {}) {
  return pollMailbox(app.ctx, tenant, mailboxId, extra);
}

/** The email requests a member of staff sees from this address, oldest first. */
async function requestsFrom(email: string | null): Promise<any[]> {
  const res = await api(apiKey, 'GET', '/v1/requests?channel=email&limit=100');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.has_more).toBe(false);
  return res.body.data.filter((r: any) => r.sender.email === email).reverse();
}

/** A request's messages with their attachments as staff download them. */
async function messagesOf(
  requestId: string,
): Promise<{ text: string; attachments: { filename: string; content_type: string; size: number; body: Buffer }[] }[]> {
  const res = await api(apiKey, 'GET', `/v1/requests/${requestId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Promise.all(
    res.body.messages.map(async (m: any) => ({
      text: m.text,
      attachments: await Promise.all(
        m.attachments.map(async (a: any) => {
          const file = await server.inject({ method: 'GET', url: a.url, headers: { authorization: `Bearer ${apiKey}` } });
          expect(file.statusCode).toBe(200);
          return { ...a, body: file.rawPayload };
        }),
      ),
    })),
  );
}

async function mailboxOf(id: string) {
  return (await api(apiKey, 'GET', `/v1/intake/mailboxes/${id}`)).body;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  cutter = await startTcpCutter(dovecot.port);
  database = await testDatabase();
  if (database.url) options = database.options;
  else {
    dataDir = mkdtempSync(join(tmpdir(), 'duly-imap-'));
    options = { kind: 'embedded', dataDir };
  }
  await startApp();
  const created = await createTenant(app.ctx, { name: 'Studio Nord', mode: 'test', currency: 'eur', timezone: 'Europe/Riga' });
  tenant = await loadTenant(app.ctx, created.tenant);
  apiKey = created.api_key;
  otherKey = (await createTenant(app.ctx, { name: 'Other Studio', mode: 'test', currency: 'eur', timezone: 'UTC' })).api_key;
  clientId = (await createCustomer(app.ctx, tenant, { name: 'Ilze Ozola', email: CLIENT })).id;
});

afterAll(async () => {
  await stopApp();
  await cutter?.close();
  await dovecot?.stop();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('mailbox settings', () => {
  it('a manager saves a mailbox; the password is sealed, never shown, and the test button signs in', async () => {
    const account = dovecot.addUser('settings');
    await dovecot.append(account, [rfc822({ from: CLIENT, subject: 'Hello', messageId: '<s1@client.example>', text: 'Hi' })]);
    const id = await configure(account);
    const shown = await api(apiKey, 'GET', `/v1/intake/mailboxes/${id}`);
    expect(shown.body).toMatchObject({
      object: 'intake_mailbox',
      host: '127.0.0.1',
      username: 'settings',
      password_set: true,
      folder: 'INBOX',
      enabled: true,
      last_uid: 0,
    });
    expect(JSON.stringify(shown.body)).not.toContain(account.password);
    const [row] = await app.ctx.db.select().from(intakeMailboxes).where(eq(intakeMailboxes.id, id));
    expect(row!.password).toMatch(/^enc:v1:/);
    expect(row!.password).not.toContain(account.password);

    expect((await api(apiKey, 'POST', `/v1/intake/mailboxes/${id}/test`)).body).toMatchObject({ ok: true, messages: 1, error: null });
    await api(apiKey, 'POST', `/v1/intake/mailboxes/${id}`, { password: 'not-the-password' });
    const refused = await api(apiKey, 'POST', `/v1/intake/mailboxes/${id}/test`);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toMatch(/user name or password/);

    // Bad input is a 400 and changes nothing; staff may look but not change; another business sees nothing.
    expectError(
      await api(apiKey, 'POST', '/v1/intake/mailboxes', { host: 'imap.example.com', port: 70_000, username: 'x', password: 'y' }),
      400,
      'parameter_invalid',
      'port',
    );
    expectError(await api(apiKey, 'POST', '/v1/intake/mailboxes', { host: 'imap.example.com', username: 'x' }), 400, 'parameter_missing', 'password');
    expectError(await api(apiKey, 'POST', `/v1/intake/mailboxes/${id}`, { host: 'bad host/name' }), 400, 'parameter_invalid', 'host');
    const staff = await signIn(server, await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' }));
    expect((await asStaff(server, staff, 'GET', '/v1/intake/mailboxes')).body.data.map((m: any) => m.id)).toContain(id);
    expectError(await asStaff(server, staff, 'POST', `/v1/intake/mailboxes/${id}/delete`), 403, 'role_forbidden');
    expect((await api(otherKey, 'GET', '/v1/intake/mailboxes')).body.data).toEqual([]);
    expectError(await api(otherKey, 'GET', `/v1/intake/mailboxes/${id}`), 404, 'resource_missing');
    expectError(await api(otherKey, 'POST', `/v1/intake/mailboxes/${id}/delete`), 404, 'resource_missing');

    expect((await api(apiKey, 'POST', `/v1/intake/mailboxes/${id}/delete`)).body).toEqual({ id, object: 'intake_mailbox', deleted: true });
    expect((await api(apiKey, 'GET', '/v1/intake/mailboxes')).body.data).toEqual([]);
  });
});

describe('polling a mailbox', () => {
  let mailboxId: string;

  beforeAll(async () => {
    deskAccount = dovecot.addUser('desk');
    mailboxId = await configure(deskAccount);
  });

  it('mail from a known client opens a request with its HTML text and every attachment; a reply joins it', async () => {
    const logo = randomBytes(3000);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(50_000)]);
    await dovecot.append(deskAccount, [
      rfc822({
        from: '"Ilze Ozola" <Ilze@Client.example>',
        subject: 'Pieraksts uz masāžu',
        messageId: '<first@client.example>',
        html: '<p>Labdien! Vai <b>ceturtdien</b> ir brīvs laiks?</p><img src="cid:logo1">',
        attachments: [
          { contentType: 'image/png', content: logo, contentId: 'logo1' },
          { filename: 'nosūtījums.pdf', contentType: 'application/pdf', content: pdf },
        ],
      }),
    ]);
    expect((await poll(mailboxId)).outcomes).toMatchObject({ opened: 1 });
    const [request] = await requestsFrom(CLIENT);
    expect(request).toMatchObject({ channel: 'email', kind: 'email', state: expect.stringMatching(/^(new|assigned)$/), subject: 'Pieraksts uz masāžu' });
    expect(request!.customer_id).toBe(clientId);
    const [first] = await messagesOf(request!.id);
    expect(first!.text).toContain('Labdien! Vai ceturtdien ir brīvs laiks?');
    expect(first!.attachments.map((a) => [a.content_type, sha(a.body)]).sort()).toEqual(
      [
        ['application/pdf', sha(pdf)],
        ['image/png', sha(logo)],
      ].sort(),
    );
    expect(first!.attachments.find((a) => sha(a.body) === sha(pdf))!.filename).toBe('nosūtījums.pdf');

    await dovecot.append(deskAccount, [
      rfc822({
        from: CLIENT,
        subject: 'Re: Pieraksts uz masāžu',
        messageId: '<second@client.example>',
        inReplyTo: '<first@client.example>',
        references: ['<first@client.example>'],
        text: 'Der arī piektdiena.',
      }),
    ]);
    expect((await poll(mailboxId)).outcomes).toMatchObject({ appended: 1, opened: 0 });
    expect(await requestsFrom(CLIENT)).toHaveLength(1);
    expect((await messagesOf(request!.id)).map((m) => m.text)).toEqual([first!.text, 'Der arī piektdiena.']);
  });

  it('an unknown sender waits for review; once marked spam their later mail is dropped', async () => {
    const stranger = 'offers@bulk.example';
    await dovecot.append(deskAccount, [
      rfc822({ from: `Best Offers <${stranger}>`, subject: 'Cheap watches', messageId: '<spam1@bulk.example>', text: 'Buy now' }),
    ]);
    expect((await poll(mailboxId)).outcomes).toMatchObject({ review: 1 });
    const [queued] = await requestsFrom(stranger);
    expect(queued).toMatchObject({ state: 'review', customer_id: null });

    const marked = await api(apiKey, 'POST', `/v1/requests/${queued!.id}/spam`);
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    await dovecot.append(deskAccount, [rfc822({ from: stranger, subject: 'Last chance', messageId: '<spam2@bulk.example>', text: 'Buy now!!' })]);
    const result = await poll(mailboxId);
    expect(result.outcomes).toMatchObject({ blocked: 1, review: 0, opened: 0 });
    expect(result.error).toBeNull();
    expect((await requestsFrom(stranger)).map((r) => r.state)).toEqual(['spam']);
  });

  it('malformed MIME is imported as far as it can be read, never skipped, and does not stop the mailbox', async () => {
    const broken =
      'From: Jānis <janis@client.example>\r\nSubject: broken\r\nMessage-ID: <broken@client.example>\r\nContent-Type: multipart/mixed; boundary="AAA"\r\n\r\n' +
      '--AAA\r\nContent-Type: text/plain\r\n\r\nvisible text\r\n--AAA\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***\r\n';
    const unreadable = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x20, 0xe2, 0x82, 0x28, 0x20, 0xf0, 0x28, 0x8c, 0xbc]);
    const after = rfc822({ from: CLIENT, subject: 'After the broken ones', messageId: '<after@client.example>', text: 'Still here' });
    const before = (await poll(mailboxId)).lastUid;
    const uids = await dovecot.append(deskAccount, [broken, unreadable, after]);
    const result = await poll(mailboxId);
    expect(result).toMatchObject({ fetched: 3, error: null, lastUid: uids[2] });
    expect(uids[0]).toBeGreaterThan(before);

    const [partial] = await requestsFrom('janis@client.example');
    expect(partial!.state).toBe('review');
    expect((await messagesOf(partial!.id))[0]!.text).toBe('visible text');

    // Nothing readable, not even a sender: it waits for review saying so, with the original attached.
    const [unknown] = await requestsFrom(null);
    expect(unknown).toMatchObject({ state: 'review', subject: null });
    const [message] = await messagesOf(unknown!.id);
    expect(message!.text).toBe('This email could not be read. The original message is attached as a file.');
    expect(message!.attachments).toHaveLength(1);
    expect(message!.attachments[0]).toMatchObject({ content_type: 'message/rfc822', filename: `message-${uids[1]}.eml` });
    expect(sha(message!.attachments[0]!.body)).toBe(sha(unreadable));
    expect((await requestsFrom(CLIENT)).map((r) => r.subject)).toContain('After the broken ones');
  });

  it('keeps a 20 MB attachment byte for byte', async () => {
    const video = randomBytes(20 * 1024 * 1024);
    await dovecot.append(deskAccount, [
      rfc822({
        from: CLIENT,
        subject: 'Video of the knee exercise',
        messageId: '<video@client.example>',
        text: 'Here it is',
        attachments: [{ filename: 'knee.mp4', contentType: 'video/mp4', content: video }],
      }),
    ]);
    expect((await poll(mailboxId)).outcomes).toMatchObject({ opened: 1 });
    const request = (await requestsFrom(CLIENT)).find((r) => r.subject === 'Video of the knee exercise')!;
    const [message] = await messagesOf(request.id);
    expect(message!.attachments).toHaveLength(1);
    expect(message!.attachments[0]).toMatchObject({ filename: 'knee.mp4', size: video.length });
    expect(sha(message!.attachments[0]!.body)).toBe(sha(video));
  });
});

describe('failures', () => {
  it('a connection dropped in the middle of a FETCH: the next poll imports the rest, nothing twice', async () => {
    const account = dovecot.addUser('dropped', { port: cutter.port });
    const mailboxId = await configure(account);
    const mails = Array.from({ length: 12 }, (_, i) =>
      rfc822({ from: CLIENT, subject: `Batch mail ${i + 1}`, messageId: `<drop${i + 1}@client.example>`, text: randomBytes(15_000).toString('base64') }),
    );
    await dovecot.append(account, mails);
    const size = mails[0]!.length;
    // Batches of 4: the cut falls in the middle of the second FETCH.
    const cut = cutter.cutAfter(Math.round(size * 5.5));
    const first = await poll(mailboxId, { batchMessages: 4 });
    await cut;
    expect(first.error).toBeTruthy();
    expect(first).toMatchObject({ fetched: 4, lastUid: 4 });
    expect(await mailboxOf(mailboxId)).toMatchObject({ last_error: first.error, last_uid: 4 });

    const second = await poll(mailboxId, { batchMessages: 4 });
    expect(second).toMatchObject({ fetched: 8, lastUid: 12, error: null });
    expect(second.outcomes.duplicate).toBe(0);
    expect(await mailboxOf(mailboxId)).toMatchObject({ last_error: null, last_uid: 12 });
    const subjects = (await requestsFrom(CLIENT)).map((r) => r.subject).filter((s) => s?.startsWith('Batch mail'));
    expect(subjects.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Batch mail ${i + 1}`).sort());
  });

  it('a folder with a new UIDVALIDITY is read again from the start; known Message-IDs are not imported twice', async () => {
    const account = dovecot.addUser('renumbered', { folder: 'Clients' });
    await dovecot.append(
      account,
      [1, 2].map((i) => rfc822({ from: CLIENT, subject: `Folder mail ${i}`, messageId: `<folder${i}@client.example>`, text: 'x' })),
    );
    const mailboxId = await configure(account);
    expect((await poll(mailboxId)).outcomes).toMatchObject({ opened: 2 });
    const before = await mailboxOf(mailboxId);

    await dovecot.recreateFolder(account, 'Clients');
    await dovecot.append(
      account,
      [1, 2, 3].map((i) => rfc822({ from: CLIENT, subject: `Folder mail ${i}`, messageId: `<folder${i}@client.example>`, text: 'x' })),
    );
    const again = await poll(mailboxId);
    expect(again.outcomes).toMatchObject({ duplicate: 2, opened: 1 });
    const after = await mailboxOf(mailboxId);
    expect(after.uid_validity).not.toBe(before.uid_validity);
    expect(after.last_uid).toBe(3);
    expect((await requestsFrom(CLIENT)).filter((r) => r.subject?.startsWith('Folder mail'))).toHaveLength(3);
  });

  it('after a restart (a new app on the same database) nothing is imported again, and the poller loop picks up new mail', async () => {
    const count = async () => {
      const requests = (await api(apiKey, 'GET', '/v1/requests?channel=email&limit=100')).body.data;
      const messages = await Promise.all(requests.map(async (r: any) => (await api(apiKey, 'GET', `/v1/requests/${r.id}`)).body.messages.length));
      return messages.reduce((sum: number, n: number) => sum + n, 0);
    };
    const before = await count();
    await stopApp();
    await startApp();
    tenant = await loadTenant(app.ctx, tenant.id);
    const results = await pollAllMailboxes(app.ctx);
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(results.every((r) => r.fetched === 0 && r.error === null)).toBe(true);
    expect(await count()).toBe(before);

    const desk = (await api(apiKey, 'GET', '/v1/intake/mailboxes')).body.data.find((m: any) => m.username === 'desk');
    await dovecot.append(deskAccount, [rfc822({ from: CLIENT, subject: 'After the restart', messageId: '<restart@client.example>', text: 'New one' })]);
    const logs: string[] = [];
    const stop = startMailboxPoller(app.ctx, 50, (message) => logs.push(message));
    try {
      await expect.poll(async () => (await requestsFrom(CLIENT)).some((r) => r.subject === 'After the restart'), { timeout: 15_000 }).toBe(true);
    } finally {
      await stop();
    }
    expect(await count()).toBe(before + 1);
    expect(logs.join('\n')).toContain(`mailbox ${desk.id}: 1 new emails`);
  });
});

function sha(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
