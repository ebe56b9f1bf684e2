/**
 * The email inbox end to end: `npm run bench:intake-email [-- --emails N]` (default 10,000).
 * APPENDs N emails to a private Dovecot mailbox (not timed), then the real poller of `duly start`
 * reads them over IMAP, parses them and turns them into requests: new threads from known clients,
 * replies that join their thread, strangers for the review queue. Prints emails/min and peak RSS.
 * PostgreSQL when DATABASE_URL is set (a fresh database, dropped afterwards), otherwise embedded
 * PGlite in memory. Exits 1 unless every email was imported exactly once.
 */
import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { createCustomer } from '../src/modules/customers/index.ts';
import { createMailbox } from '../src/modules/intake/app/configure-mailbox.ts';
import { intakeMailboxes } from '../src/modules/intake/index.ts';
import { startMailboxPoller } from '../src/modules/intake/jobs/mailbox-poller.ts';
import { createTenant, loadTenant } from '../src/modules/tenants/index.ts';
import { rows } from '../src/platform/db/tx.ts';
import { testDatabase } from '../test/support/database.ts';
import { rfc822, startDovecot } from '../test/support/dovecot.ts';

const { values: args } = parseArgs({ options: { emails: { type: 'string', default: '10000' } } });
const count = Number(args.emails);
if (!Number.isInteger(count) || count < 1) throw new Error('--emails takes a positive integer');
const CLIENTS = Math.max(1, Math.floor(count / 10));
const NAMES = ['Emily Carter', 'Nguyễn Văn An', 'Jānis Bērziņš', 'สมชาย ใจดี', 'Արամ Պետրոսյան'];
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Every tenth email is from a stranger; a client's first email starts a thread, later ones reply to it. */
function emailAt(i: number): string {
  const paragraph = `${NAMES[i % 5]} writes about booking ${i}. `.repeat(20);
  if (i % 10 === 9)
    return rfc822({ from: `Stranger ${i} <stranger${i}@elsewhere.example>`, subject: `Question ${i}`, messageId: `<m${i}@bench>`, text: paragraph });
  const k = i - Math.floor((i + 1) / 10); // how many client emails came before this one
  const client = k % CLIENTS;
  const root = `<root${client}@bench>`;
  const from = `${NAMES[client % 5]} <client${client}@example.com>`;
  if (k < CLIENTS) return rfc822({ from, subject: `Booking ${client}`, messageId: root, text: paragraph });
  return rfc822({ from, subject: `Re: Booking ${client}`, messageId: `<m${i}@bench>`, inReplyTo: root, references: [root], text: paragraph });
}

const dovecot = await startDovecot();
const database = await testDatabase();
const app = await createApp({ database: database.options });
let exitCode = 0;
try {
  const { tenant: tenantId } = await createTenant(app.ctx, { name: 'Bench Studio', mode: 'test', currency: 'eur', timezone: 'UTC' });
  const tenant = await loadTenant(app.ctx, tenantId);
  let started = performance.now();
  for (let c = 0; c < CLIENTS; c++) await createCustomer(app.ctx, tenant, { name: NAMES[c % 5]!, email: `client${c}@example.com` });
  const account = dovecot.addUser('bench');
  const emails = Array.from({ length: count }, (_, i) => emailAt(i));
  await dovecot.append(account, emails);
  const megabytes = emails.reduce((sum, e) => sum + e.length, 0) / 1024 / 1024;
  console.log(
    `setup (not timed): ${CLIENTS} clients; ${count} emails (${megabytes.toFixed(1)} MB) APPENDed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const mailbox = await createMailbox(app.ctx, tenant, { ...account, enabled: true });
  started = performance.now();
  const stop = startMailboxPoller(app.ctx, 200, (message, error) => (error ? console.error(message, error) : undefined));
  for (;;) {
    const [row] = await app.ctx.db
      .select({ lastUid: intakeMailboxes.lastUid, lastError: intakeMailboxes.lastError })
      .from(intakeMailboxes)
      .where(and(eq(intakeMailboxes.tenantId, tenant.id), eq(intakeMailboxes.id, mailbox.id)));
    if (row?.lastError) throw new Error(`the poll failed: ${row.lastError}`);
    if ((row?.lastUid ?? 0) >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ms = performance.now() - started;
  await stop();
  const perMinute = Math.round((count * 60_000) / ms);
  console.log(`imported ${count} emails in ${(ms / 1000).toFixed(1)} s = ${perMinute} emails/min (${Math.round((count * 1000) / ms)}/s); peak RSS ${mb()} MB`);

  const [messages] = await rows<{ n: number | string; distinct: number | string }>(
    app.ctx.db,
    sql`select count(*) as n, count(distinct external_id) as distinct from intake_messages where tenant_id = ${tenant.id}`,
  );
  const states = await rows<{ state: string; n: number | string }>(
    app.ctx.db,
    sql`select state, count(*) as n from intake_requests where tenant_id = ${tenant.id} group by state order by state`,
  );
  console.log(
    `verification: ${Number(messages?.n)} messages (${Number(messages?.distinct)} distinct Message-IDs); requests by state: ${states.map((s) => `${s.state} ${Number(s.n)}`).join(', ')}`,
  );
  const strangers = Math.floor(count / 10);
  const review = Number(states.find((s) => s.state === 'review')?.n ?? 0);
  const threads = states.filter((s) => s.state !== 'review').reduce((sum, s) => sum + Number(s.n), 0);
  if (Number(messages?.n) !== count || Number(messages?.distinct) !== count || review !== strangers || threads !== Math.min(CLIENTS, count - strangers)) {
    console.log('WRONG WORK: not every email was imported exactly once into the right request');
    exitCode = 1;
  }
} finally {
  await app.close();
  await database.drop();
  await dovecot.stop();
}
process.exit(exitCode);
