/**
 * Invoice emails end to end: `npm run bench:messaging [-- --messages N]` (default 10,000).
 * Renders each invoice PDF in the client's language and delivers it over real SMTP to a local
 * sink, then prints messages/s and peak RSS. PostgreSQL when DATABASE_URL is set (a fresh
 * database, dropped afterwards), otherwise embedded PGlite in memory. Exits 1 if any message
 * did not arrive exactly once.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { createPrice, createProduct } from '../src/modules/catalog/index.ts';
import { createCustomer } from '../src/modules/customers/index.ts';
import { createInvoice } from '../src/modules/invoicing/index.ts';
import { configureChannel } from '../src/modules/messaging/index.ts';
import { finalizeInvoice } from '../src/modules/payments/index.ts';
import { createTenant, loadTenant } from '../src/modules/tenants/index.ts';
import { rows } from '../src/platform/db/tx.ts';
import { runDueWork } from '../src/worker/scheduler.ts';
import { startSmtpSink } from '../test/channels/support/smtp-sink.ts';
import { testDatabase } from '../test/support/database.ts';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '10000' } } });
const count = Number(args.messages);
if (!Number.isInteger(count) || count < 1) throw new Error('--messages takes a positive integer');
const LOCALES = ['en', 'vi', 'lv', 'th', 'hy'];
const NAMES = ['Emily Carter', 'Nguyễn Văn An', 'Jānis Bērziņš', 'สมชาย ใจดี', 'Արամ Պետրոսյան'];
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const sink = await startSmtpSink();
const database = await testDatabase();
const app = await createApp({ database: database.options });
let exitCode = 0;
try {
  const { tenant: tenantId } = await createTenant(app.ctx, { name: 'Bench Studio', mode: 'test', currency: 'eur', timezone: 'UTC' });
  let tenant = await loadTenant(app.ctx, tenantId);
  await configureChannel(app.ctx, tenant, 'email', { host: '127.0.0.1', port: sink.port, from: 'billing@bench.example' });
  const product = await createProduct(app.ctx, tenant, { name: 'Class pack' });
  const price = await createPrice(app.ctx, tenant, { product: product.id, currency: 'eur', unitAmount: 9000 });
  let started = performance.now();
  for (let i = 0; i < count; i++) {
    const customer = await createCustomer(app.ctx, tenant, { name: NAMES[i % 5]!, email: `client${i}@example.com`, preferredLocales: [LOCALES[i % 5]!] });
    const invoice = await createInvoice(app.ctx, tenant, { customer: customer.id, lines: [{ price: price.id, quantity: 1 }] });
    await finalizeInvoice(app.ctx, tenant, invoice.id);
  }
  console.log(`setup (not timed): ${count} customers with a finalised invoice each in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Timed: the outbox turns each invoice into a message, the delivery job renders the PDF and sends it.
  tenant = await loadTenant(app.ctx, tenantId);
  started = performance.now();
  await runDueWork(app.ctx, tenant.id);
  const ms = performance.now() - started;
  const [sent] = await rows<{ n: number | string }>(app.ctx.db, sql`select count(*) as n from messages where tenant_id = ${tenant.id} and status = 'sent'`);
  const arrived = sink.received.length;
  const distinct = new Set(sink.received.map((m) => m.parsed.messageId)).size;
  const withPdf = sink.received.filter((m) => m.parsed.attachments.some((a) => a.contentType === 'application/pdf')).length;
  const rate = Math.round((arrived * 1000) / ms);
  console.log(`delivered ${arrived} invoice emails with PDFs in ${(ms / 1000).toFixed(1)} s = ${rate} messages/s; peak RSS ${mb()} MB`);
  console.log(`verification: ${Number(sent?.n)} recorded sent, ${arrived} arrived, ${distinct} distinct Message-IDs, ${withPdf} with a PDF`);
  if (arrived !== count || distinct !== count || withPdf !== count || Number(sent?.n) !== count) {
    console.log('WRONG WORK: not every invoice arrived exactly once with its PDF');
    exitCode = 1;
  }
  console.log(
    JSON.stringify({
      database: database.url ? 'postgres' : 'embedded',
      messages: count,
      seconds: Number((ms / 1000).toFixed(2)),
      messages_per_second: rate,
      peak_rss_mb: mb(),
      verified: exitCode === 0,
    }),
  );
} finally {
  await app.close();
  await database.drop();
  await sink.close();
}
process.exitCode = exitCode;
