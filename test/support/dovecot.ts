import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { ImapAccount } from '../../src/channels/email/imap-inbox.ts';

/**
 * A private Dovecot IMAP server on 127.0.0.1 for tests and benchmarks (Debian `dovecot-imapd`):
 * its own config, runtime dirs and maildirs in a temp folder, a random free port, no TLS, users
 * in a passwd-file with plain passwords. `dovecot -F` keeps it a child process we can stop.
 */
export type Dovecot = {
  host: '127.0.0.1';
  port: number;
  /** A new mail user (its own maildir) and the account to reach it, optionally through another port (a proxy). */
  addUser(name: string, options?: { folder?: string; port?: number }): ImapAccount;
  /** APPENDs raw RFC 822 messages in order over one connection; returns their UIDs. */
  append(account: ImapAccount, messages: readonly (string | Buffer)[], folder?: string): Promise<number[]>;
  /** Deletes and recreates a folder: the server gives it a new UIDVALIDITY. */
  recreateFolder(account: ImapAccount, folder: string): Promise<void>;
  stop(): Promise<void>;
};

const PASSWORD = 'correct-horse-imap';

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'duly-dovecot-'));
  // The mail processes run as an unprivileged user: they must reach the maildirs under the temp dir.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  chmodSync(join(dir, 'mail'), 0o777);
  const port = await freePort();
  writeFileSync(join(dir, 'passwd'), '');
  writeFileSync(join(dir, 'dovecot.conf'), config(dir, port));
  const child = spawn(existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  try {
    await waitForGreeting(port, child, () => `${output}${readLog(dir)}`);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const users: string[] = [];
  return {
    host: '127.0.0.1',
    port,
    addUser(name, options = {}) {
      users.push(`${name}:{PLAIN}${PASSWORD}`);
      // Dovecot re-reads the passwd-file when it changes.
      writeFileSync(join(dir, 'passwd'), `${users.join('\n')}\n`);
      return {
        host: '127.0.0.1',
        port: options.port ?? port,
        secure: false,
        username: name,
        password: PASSWORD,
        folder: options.folder ?? 'INBOX',
        timeoutMs: 5000,
      };
    },
    async append(account, messages, folder = account.folder) {
      return withClient({ ...account, port }, async (client) => {
        if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
        const uids: number[] = [];
        for (const raw of messages) {
          const result = await client.append(folder, raw);
          if (!result || result.uid === undefined) throw new Error('APPEND returned no UID');
          uids.push(result.uid);
        }
        return uids;
      });
    },
    async recreateFolder(account, folder) {
      await withClient({ ...account, port }, async (client) => {
        await client.mailboxDelete(folder).catch(() => undefined);
        await client.mailboxCreate(folder);
      });
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function config(dir: string, port: number): string {
  // As root, Dovecot refuses UID 0 for mail: mail processes run as the package's own `dovecot` user.
  const account = process.getuid?.() === 0 ? { user: 'dovecot', login: 'dovenull' } : { user: userInfo().username, login: userInfo().username };
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = duly-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
# Test data: no fsync per message, so 10,000 APPENDs take seconds rather than minutes.
mail_fsync = never
default_internal_user = ${account.user}
default_internal_group = ${account.user}
default_login_user = ${account.login}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${account.user} gid=${account.user} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

async function withClient<T>(account: ImapAccount, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: false,
    auth: { user: account.username, pass: account.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

async function waitForGreeting(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${output()}`);
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not answer on port ${port}: ${output()}`);
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A TCP relay in front of the IMAP server that can cut every connection once the server has sent
 * a given number of bytes: a network drop in the middle of a FETCH, at a point the test chooses.
 */
export type TcpCutter = {
  port: number;
  /** Cut after the server has sent this many more bytes; resolves when the cut happened. */
  cutAfter(bytes: number): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpCutter(targetPort: number): Promise<TcpCutter> {
  const sockets = new Set<Socket>();
  let budget = Number.POSITIVE_INFINITY;
  let onCut: (() => void) | null = null;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
    budget = Number.POSITIVE_INFINITY;
    onCut?.();
    onCut = null;
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (chunk.length >= budget) {
        client.write(chunk.subarray(0, budget));
        cutAll();
        return;
      }
      budget -= chunk.length;
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('close', forget);
      socket.on('error', forget);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cutAfter(bytes) {
      budget = bytes;
      return new Promise((resolve) => {
        onCut = resolve;
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type MailPart = { filename?: string; contentType: string; content: Buffer; contentId?: string };

/**
 * A raw RFC 822 message as a mail program would send it: a text (or HTML) body and optional
 * attachments, base64 in 76-character lines.
 */
export function rfc822(mail: {
  from: string;
  to?: string;
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  references?: readonly string[];
  text?: string;
  html?: string;
  attachments?: readonly MailPart[];
  date?: Date;
}): string {
  const headers = [
    `From: ${mail.from}`,
    `To: ${mail.to ?? 'desk@studio.example'}`,
    `Subject: ${encodeWord(mail.subject)}`,
    `Date: ${(mail.date ?? new Date('2026-03-02T09:30:00Z')).toUTCString()}`,
    ...(mail.messageId ? [`Message-ID: ${mail.messageId}`] : []),
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const body = mail.html
    ? { type: 'text/html; charset=utf-8', content: Buffer.from(mail.html) }
    : { type: 'text/plain; charset=utf-8', content: Buffer.from(mail.text ?? '') };
  if (!mail.attachments?.length) {
    return `${headers.join('\r\n')}\r\nContent-Type: ${body.type}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body.content)}\r\n`;
  }
  const boundary = `=_duly_${Math.random().toString(36).slice(2)}`;
  const parts = [
    `Content-Type: ${body.type}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body.content)}`,
    ...mail.attachments.map((a) =>
      [
        `Content-Type: ${a.contentType}${a.filename ? `; name="${a.filename}"` : ''}`,
        'Content-Transfer-Encoding: base64',
        a.contentId ? `Content-ID: <${a.contentId}>\r\nContent-Disposition: inline` : `Content-Disposition: attachment; filename="${a.filename}"`,
        '',
        base64Lines(a.content),
      ].join('\r\n'),
    ),
  ];
  const type = mail.attachments.some((a) => a.contentId) ? 'multipart/related' : 'multipart/mixed';
  return `${headers.join('\r\n')}\r\nContent-Type: ${type}; boundary="${boundary}"\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
}

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}
