import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import { catalogRoutes } from './modules/catalog/http/routes.ts';
import { collectionRoutes } from './modules/collections/index.ts';
import { customerRoutes } from './modules/customers/http/routes.ts';
import { disputeRoutes } from './modules/disputes/index.ts';
import { documentRoutes } from './modules/documents/index.ts';
import { formRoutes } from './modules/intake/http/form-routes.ts';
import { mailboxRoutes } from './modules/intake/http/mailbox-routes.ts';
import { telegramRoutes } from './modules/intake/http/telegram-routes.ts';
import { intakeSettingsRoutes, notificationRoutes, requestRoutes } from './modules/intake/index.ts';
import { paymentTermsRoutes } from './modules/invoicing/http/payment-terms-routes.ts';
import { invoiceRoutes } from './modules/invoicing/http/routes.ts';
import { encryptStoredChannelSecrets, messagingRoutes } from './modules/messaging/index.ts';
import { cardUpdateRoutes } from './modules/payments/http/card-update-routes.ts';
import { retryPolicyRoutes } from './modules/payments/http/retry-policy-routes.ts';
import { paymentRoutes } from './modules/payments/http/routes.ts';
import { planRoutes } from './modules/plans/http/routes.ts';
import { depositPaymentListener, registerPlanSubscribers } from './modules/plans/index.ts';
import { portalLinkRoutes, portalRoutes } from './modules/portal/index.ts';
import { reportRoutes } from './modules/reports/http/routes.ts';
import { authRoutes, staffRoutes } from './modules/staff/index.ts';
import { encryptStoredStripeSecrets, stripeRoutes, stripeWebhookRoutes } from './modules/stripe/index.ts';
import { subscriptionRoutes } from './modules/subscriptions/http/routes.ts';
import { subscriptionPaymentListener } from './modules/subscriptions/index.ts';
import { apiKeyRoutes } from './modules/tenants/http/api-key-routes.ts';
import { businessRoutes } from './modules/tenants/http/routes.ts';
import { webhookRoutes } from './modules/webhooks/http/routes.ts';
import { encryptStoredEndpointSecrets } from './modules/webhooks/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildServer } from './platform/http/server.ts';
import { configureSecrets } from './platform/secrets.ts';
import type { PaymentGateway } from './providers/payments/gateway.ts';
import { SandboxGateway } from './providers/payments/sandbox-gateway.ts';
import { GatewayRouter, StripeAccounts } from './providers/payments/stripe-accounts.ts';
import { testClockRoutes } from './worker/http.ts';

export type App = { ctx: AppContext; database: DatabaseHandle; close(): Promise<void> };

/** The composition root: one database, one clock, the gateway, and the modules wired together. */
export async function createApp(options: { database: DatabaseOptions; clock?: Clock; gateway?: (ctx: AppContext) => PaymentGateway }): Promise<App> {
  const database = await openDatabase(options.database);
  await migrate(database);
  try {
    await sealSecretsAtRest(database, options.database);
  } catch (error) {
    await database.close(); // release the data dir for the next start
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const ctx: AppContext = {
    db: database.db,
    clock,
    gateway: undefined as unknown as PaymentGateway,
    stripe: undefined as unknown as StripeAccounts,
    paymentOutcomeListeners: [subscriptionPaymentListener, depositPaymentListener],
  };
  registerPlanSubscribers();
  const config = loadConfig();
  ctx.stripe = new StripeAccounts(database.db, clock, { apiBase: config.stripeApiBase, timeoutMs: config.stripeTimeoutMs });
  ctx.gateway = new GatewayRouter(options.gateway ? options.gateway(ctx) : new SandboxGateway(database.db, clock), ctx.stripe);
  return { ctx, database, close: () => database.close() };
}

/**
 * Picks the master key for secrets at rest, then encrypts any secret still saved in the clear
 * (idempotent) and opens every sealed one, so a wrong DULY_ENCRYPTION_KEY stops the start with
 * `secret_key_mismatch` instead of breaking deliveries later.
 */
async function sealSecretsAtRest(database: DatabaseHandle, options: DatabaseOptions): Promise<void> {
  const postgres = options.kind === 'postgres';
  configureSecrets({ dataDir: postgres ? loadConfig().dataDir : options.dataDir, postgres, warn: warnOnce });
  await encryptStoredChannelSecrets(database.db);
  await encryptStoredStripeSecrets(database.db);
  await encryptStoredEndpointSecrets(database.db);
}

let warned = false;
function warnOnce(message: string): void {
  if (!warned) console.warn(`duly: ${message}`);
  warned = true;
}

export function createHttpServer(ctx: AppContext, logger: boolean | { level: string } = false): Promise<FastifyInstance> {
  return buildServer(ctx, {
    logger,
    routes: [
      businessRoutes(ctx),
      apiKeyRoutes(ctx),
      customerRoutes(ctx),
      catalogRoutes(ctx),
      subscriptionRoutes(ctx),
      invoiceRoutes(ctx),
      paymentTermsRoutes(ctx),
      paymentRoutes(ctx),
      cardUpdateRoutes(ctx),
      stripeRoutes(ctx),
      stripeWebhookRoutes(ctx),
      planRoutes(ctx),
      retryPolicyRoutes(ctx),
      disputeRoutes(ctx),
      webhookRoutes(ctx),
      messagingRoutes(ctx),
      documentRoutes(ctx),
      requestRoutes(ctx),
      intakeSettingsRoutes(ctx),
      notificationRoutes(ctx),
      mailboxRoutes(ctx),
      telegramRoutes(ctx),
      formRoutes(ctx),
      collectionRoutes(ctx),
      reportRoutes(ctx),
      authRoutes(ctx),
      staffRoutes(ctx),
      portalRoutes(ctx),
      portalLinkRoutes(ctx),
      testClockRoutes(ctx),
    ],
  });
}
