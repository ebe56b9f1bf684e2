/**
 * A billing run in a process of its own, so a test can SIGKILL it anywhere and start it again.
 * Usage: bin/run-ts.mjs test/support/child-billing-run.ts '<DatabaseOptions JSON>' <tenant id> <target ISO instant>
 * Opens the database (migrating it, like a real start), advances the test-mode tenant's clock to
 * the target, and reports on stdout: `ready` once open, `progress <invoices> <charge calls>` before
 * every gateway call, `done <work JSON>` at the end.
 *
 * Progress is reported from inside the gateway and written synchronously: on the embedded
 * database a billing run never yields to the event loop, so a timer would never fire.
 */
import { writeSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { createApp } from '../../src/app.ts';
import { loadTenant } from '../../src/modules/tenants/index.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { rows } from '../../src/platform/db/tx.ts';
import type { PaymentGateway } from '../../src/providers/payments/gateway.ts';
import { SandboxGateway } from '../../src/providers/payments/sandbox-gateway.ts';
import { advanceTestClock } from '../../src/worker/advance-test-clock.ts';

const [databaseJson, tenantId, target] = process.argv.slice(2);
if (!databaseJson || !tenantId || !target) throw new Error('usage: child-billing-run.ts <database JSON> <tenant> <target ISO>');

const say = (line: string) => writeSync(1, `${line}\n`);

let calls = 0;
const app = await createApp({
  database: JSON.parse(databaseJson) as DatabaseOptions,
  gateway: (ctx): PaymentGateway => {
    const sandbox = new SandboxGateway(ctx.db, ctx.clock);
    return {
      name: sandbox.name,
      savePaymentMethod: (input) => sandbox.savePaymentMethod(input),
      refund: (request) => sandbox.refund(request),
      async charge(request) {
        calls++;
        const [row] = await rows<{ invoices: number | string }>(ctx.db, sql`select count(*) as invoices from invoices`);
        say(`progress ${Number(row?.invoices)} ${calls}`);
        return sandbox.charge(request);
      },
    };
  },
});
say('ready');

const tenant = await loadTenant(app.ctx, tenantId);
const { work } = await advanceTestClock(app.ctx, tenant, new Date(target));
await app.close();
say(`done ${JSON.stringify(work)}`);
