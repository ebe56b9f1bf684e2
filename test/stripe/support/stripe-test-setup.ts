import { sql } from 'drizzle-orm';
import { rows } from '../../../src/platform/db/tx.ts';
import type { Api } from '../../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { FakeStripeApi } from './fake-stripe-api.ts';

/**
 * The app under test with its Stripe SDK pointed at a fake Stripe API on 127.0.0.1, through the
 * same configuration an operator uses (DULY_STRIPE_API_BASE); calls time out after one second.
 */
export async function startWithFakeStripe(): Promise<{ app: TestApp; fake: FakeStripeApi; stop(): Promise<void> }> {
  const fake = await FakeStripeApi.start();
  const saved = { base: process.env.DULY_STRIPE_API_BASE, timeout: process.env.DULY_STRIPE_TIMEOUT_MS };
  process.env.DULY_STRIPE_API_BASE = fake.url;
  process.env.DULY_STRIPE_TIMEOUT_MS = '1000';
  const app = await startTestApp();
  // Read once by createApp: later apps in this process get the operator's settings back.
  restore('DULY_STRIPE_API_BASE', saved.base);
  restore('DULY_STRIPE_TIMEOUT_MS', saved.timeout);
  return {
    app,
    fake,
    async stop() {
      await app.stop();
      await fake.stop();
    },
  };
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export type StripeKeys = { secret_key: string; webhook_secret: string; publishable_key: string };

export function keysFor(name: string): StripeKeys {
  return { secret_key: `sk_test_${name}51Kx1234`, webhook_secret: `whsec_${name}Secret`, publishable_key: `pk_test_${name}51Kx9876` };
}

export async function connectStripe(api: Api, keys: StripeKeys) {
  return api.ok('POST', '/v1/settings/stripe', keys);
}

export async function countRows(app: TestApp, table: string, tenantId: string): Promise<number> {
  const [row] = await rows<{ n: number | string }>(app.ctx.db, sql`select count(*) as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
  return Number(row?.n ?? 0);
}

/** Delivers a webhook to the business's Stripe endpoint exactly as Stripe would (raw JSON bytes, signature header). */
export async function deliverWebhook(app: TestApp, tenantId: string, delivery: { payload: string; header?: string }) {
  const response = await app.server.inject({
    method: 'POST',
    url: `/v1/webhooks/stripe/${tenantId}`,
    payload: delivery.payload,
    headers: { 'content-type': 'application/json', ...(delivery.header !== undefined ? { 'stripe-signature': delivery.header } : {}) },
  });
  return { status: response.statusCode, body: response.json() };
}
