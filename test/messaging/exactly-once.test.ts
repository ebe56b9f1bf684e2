import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createPrice, createProduct } from '../../src/modules/catalog/index.ts';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { configureChannel } from '../../src/modules/messaging/index.ts';
import { attachPaymentMethod } from '../../src/modules/payments/index.ts';
import { createSubscription } from '../../src/modules/subscriptions/index.ts';
import { createTenant, loadTenant } from '../../src/modules/tenants/index.ts';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { advanceTestClock } from '../../src/worker/advance-test-clock.ts';
import { type SmtpSink, startSmtpSink } from '../channels/support/smtp-sink.ts';
import { testDatabase } from '../support/database.ts';

/**
 * The process stops right after the invoice was committed with its outbox row and before anything
 * was sent. After a restart the client gets the invoice email once, and only once.
 */
describe('messages survive a crash between commit and delivery', () => {
  let sink: SmtpSink;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let options: DatabaseOptions;
  let dataDir: string | null = null;

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await testDatabase();
    if (database.url) options = database.options;
    else {
      dataDir = mkdtempSync(join(tmpdir(), 'duly-crash-mail-'));
      options = { kind: 'embedded', dataDir };
    }
  });
  afterAll(async () => {
    await sink.close();
    await database.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers the invoice email exactly once after the restart', async () => {
    const first = await createApp({ database: options });
    const { tenant: tenantId } = await createTenant(first.ctx, { name: 'Crash Yoga', mode: 'test', currency: 'eur', timezone: 'UTC' });
    const tenant = await loadTenant(first.ctx, tenantId);
    await configureChannel(first.ctx, tenant, 'email', { host: '127.0.0.1', port: sink.port, from: 'billing@crash.example' });
    const customer = await createCustomer(first.ctx, tenant, { name: 'Ilze Ozola', email: 'ilze@example.lv', preferredLocales: ['lv'] });
    await attachPaymentMethod(first.ctx, tenant, customer.id, 'pm_card_visa');
    const product = await createProduct(first.ctx, tenant, { name: 'Yoga' });
    const price = await createPrice(first.ctx, tenant, {
      product: product.id,
      currency: 'eur',
      unitAmount: 3000,
      recurring: { interval: 'month', intervalCount: 1 },
    });
    await createSubscription(first.ctx, tenant, { customer: customer.id, items: [{ price: price.id, quantity: 1 }] });
    // The "crash": the process goes away with the outbox rows committed and nothing delivered.
    await first.close();
    expect(sink.received).toHaveLength(0);

    const second = await createApp({ database: options });
    try {
      const restarted = await loadTenant(second.ctx, tenantId);
      await advanceTestClock(second.ctx, restarted, new Date(restarted.now.getTime() + 86_400_000));
      await advanceTestClock(second.ctx, await loadTenant(second.ctx, tenantId), new Date(restarted.now.getTime() + 2 * 86_400_000));
      const invoiceMails = sink.received.filter((m) => m.parsed.attachments.some((a) => a.contentType === 'application/pdf'));
      expect(invoiceMails).toHaveLength(1);
      expect(invoiceMails[0]!.to).toEqual(['ilze@example.lv']);
      expect(invoiceMails[0]!.parsed.messageId).toMatch(/^<msg_[0-9a-z]+@duly>$/);
    } finally {
      await second.close();
    }
  });
});
