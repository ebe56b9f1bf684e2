/**
 * One scheduler process: opens the database, says `ready`, waits for `go` (or `quit`) on stdin so
 * a test can start several at the same instant, runs one runDueWork pass and prints
 * `done <work JSON>`. Opening fails like a real start would (e.g. a locked data folder): the error
 * goes to stderr and the exit code is non-zero.
 * Usage: bin/run-ts.mjs test/support/child-scheduler.ts '<DatabaseOptions JSON>' [tenant id] [keys file]
 * With a keys file, the idempotency keys this process sent to the gateway are written there (JSON).
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createApp } from '../../src/app.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import type { PaymentGateway } from '../../src/providers/payments/gateway.ts';
import { SandboxGateway } from '../../src/providers/payments/sandbox-gateway.ts';
import { runDueWork } from '../../src/worker/scheduler.ts';

const [databaseJson, tenantId, keysFile] = process.argv.slice(2);
if (!databaseJson) throw new Error('usage: child-scheduler.ts <database JSON> [tenant] [keys file]');

const sentKeys: string[] = [];
const app = await createApp({
  database: JSON.parse(databaseJson) as DatabaseOptions,
  gateway: (ctx): PaymentGateway => {
    const sandbox = new SandboxGateway(ctx.db, ctx.clock);
    return {
      name: sandbox.name,
      savePaymentMethod: (input) => sandbox.savePaymentMethod(input),
      refund: (request) => sandbox.refund(request),
      charge: (request) => {
        sentKeys.push(request.idempotencyKey);
        return sandbox.charge(request);
      },
    };
  },
});
process.stdout.write('ready\n');

const lines = createInterface({ input: process.stdin });
const command = await new Promise<string>((resolve) => {
  lines.once('line', (line) => resolve(line.trim()));
  lines.once('close', () => resolve('quit'));
});
lines.close();
if (command === 'go') {
  const work = await runDueWork(app.ctx, tenantId || undefined);
  if (keysFile) writeFileSync(keysFile, JSON.stringify(sentKeys));
  process.stdout.write(`done ${JSON.stringify(work)}\n`);
}
await app.close();
