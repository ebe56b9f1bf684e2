import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; raw: Buffer; parsed: ParsedMail; user?: string };

export type SmtpSink = {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
};

export type SmtpSinkOptions = {
  /** Recipients answered with `550 5.1.1 mailbox unavailable` at RCPT TO. */
  rejectPermanently?: string[];
  /** Recipients answered with `451 4.3.0 try again later` at RCPT TO. */
  rejectTemporarily?: string[];
  /** Require this login; otherwise authentication is optional. */
  credentials?: { user: string; password: string };
};

/** A real SMTP server on 127.0.0.1 that parses every message it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    // The sandbox has no DNS: a reverse lookup of 127.0.0.1 per connection only waits for a timeout.
    disableReverseLookup: true,
    authOptional: options.credentials === undefined,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok = options.credentials && auth.username === options.credentials.user && auth.password === options.credentials.password;
      if (!ok) return callback(new Error('535 5.7.8 authentication failed'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectPermanently?.includes(address.address)) return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      if (options.rejectTemporarily?.includes(address.address)) return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () => {
        const raw = Buffer.concat(parts);
        // Parse before answering 250, so a resolved sendMail means the message is already in `received`.
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const user = typeof session.user === 'string' ? session.user : undefined;
            received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, parsed, user });
            callback(null, `queued as sink-${received.length}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
