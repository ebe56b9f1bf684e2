import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { createApp, createHttpServer } from '../app.ts';
import { imapPollIntervalMs, startMailboxPoller } from '../modules/intake/jobs/mailbox-poller.ts';
import { startTelegramPoller } from '../modules/intake/jobs/telegram-poller.ts';
import { addStaffUser } from '../modules/staff/index.ts';
import { tenants } from '../modules/tenants/index.ts';
import { loadConfig } from '../platform/config.ts';
import { startSchedulerLoop } from '../worker/scheduler-loop.ts';
import { databaseFromEnv } from './database-from-env.ts';
import { DEMO_FORM_SLUG, DEMO_OWNER, type DemoBusiness, seedDemoBusiness } from './seed-demo.ts';

export async function runMigrateCommand() {
  const app = await createApp({ database: databaseFromEnv() });
  await app.close();
  console.log('Database is up to date.');
}

/** Server + scheduler in one process; on an empty database a demo business to look at. */
export async function runStartCommand() {
  const config = loadConfig();
  const app = await createApp({ database: databaseFromEnv() });
  const [row] = await app.ctx.db.select({ n: count() }).from(tenants);
  const credentialsFile = config.databaseUrl ? null : join(config.dataDir, 'demo-credentials.json');
  let demo: Partial<DemoBusiness> | null = null;
  if ((row?.n ?? 0) === 0) {
    demo = await seedDemoBusiness(app.ctx);
    if (credentialsFile) writeFileSync(credentialsFile, JSON.stringify(demo, null, 2), { mode: 0o600 });
  } else if (credentialsFile && existsSync(credentialsFile)) {
    demo = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Partial<DemoBusiness>;
    // A demo seeded before staff accounts existed gets its owner now, so the banner's sign-in works.
    if (demo.tenant && !demo.owner_email) {
      await addStaffUser(app.ctx, { tenantId: demo.tenant, email: DEMO_OWNER.email, password: DEMO_OWNER.password, role: 'owner' });
      demo = { ...demo, owner_email: DEMO_OWNER.email, owner_password: DEMO_OWNER.password };
      writeFileSync(credentialsFile, JSON.stringify(demo, null, 2), { mode: 0o600 });
    }
  }
  const server = await createHttpServer(app.ctx, { level: config.logLevel });
  await server.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`Duly is running at ${url}  (API docs: ${url}/docs, database: ${app.database.kind})`);
  if (demo) {
    console.log(`Demo business "Sunrise Fitness" (test mode): ${demo.tenant}`);
    console.log(`Test API key: ${demo.api_key}`);
    console.log(`Try: curl -H "Authorization: Bearer ${demo.api_key}" ${url}/v1/invoices`);
    if (demo.owner_email) console.log(`Back office: ${url}/app  (sign in as ${demo.owner_email} / ${demo.owner_password})`);
    console.log(`Public sign-up form: ${url}/f/${DEMO_FORM_SLUG}/signup  (also /order and /appointment)`);
  }
  const stopScheduler = startSchedulerLoop(app.ctx, config.schedulerIntervalMs, (message, error) =>
    error ? server.log.error({ err: error }, message) : server.log.info(message),
  );
  const stopMailboxPoller = startMailboxPoller(app.ctx, imapPollIntervalMs(), (message, error) =>
    error ? server.log.error({ err: error }, message) : server.log.info(message),
  );
  const telegramPoller = startTelegramPoller(app.ctx, {
    log: (message, error) => (error ? server.log.error({ err: error }, message) : server.log.info(message)),
  });
  const shutdown = async () => {
    await telegramPoller.stop();
    await stopMailboxPoller();
    await stopScheduler();
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
