import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import { catalogRoutes } from './modules/catalog/http/routes.ts';
import { customerRoutes } from './modules/customers/http/routes.ts';
import { documentRoutes } from './modules/documents/index.ts';
import { invoiceRoutes } from './modules/invoicing/http/routes.ts';
import { messagingRoutes } from './modules/messaging/index.ts';
import { paymentRoutes } from './modules/payments/http/routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/http/routes.ts';
import { subscriptionPaymentListener } from './modules/subscriptions/index.ts';
import { businessRoutes } from './modules/tenants/http/routes.ts';
import { webhookRoutes } from './modules/webhooks/http/routes.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildServer } from './platform/http/server.ts';
import type { PaymentGateway } from './providers/payments/gateway.ts';
import { SandboxGateway } from './providers/payments/sandbox-gateway.ts';
import { testClockRoutes } from './worker/http.ts';

export type App = { ctx: AppContext; database: DatabaseHandle; close(): Promise<void> };

/** The composition root: one database, one clock, the gateway, and the modules wired together. */
export async function createApp(options: { database: DatabaseOptions; clock?: Clock; gateway?: (ctx: AppContext) => PaymentGateway }): Promise<App> {
  const database = await openDatabase(options.database);
  await migrate(database);
  const clock = options.clock ?? systemClock;
  const ctx: AppContext = {
    db: database.db,
    clock,
    gateway: undefined as unknown as PaymentGateway,
    paymentOutcomeListeners: [subscriptionPaymentListener],
  };
  ctx.gateway = options.gateway ? options.gateway(ctx) : new SandboxGateway(database.db, clock);
  return { ctx, database, close: () => database.close() };
}

export function createHttpServer(ctx: AppContext, logger: boolean | { level: string } = false): Promise<FastifyInstance> {
  return buildServer(ctx, {
    logger,
    routes: [
      businessRoutes(ctx),
      customerRoutes(ctx),
      catalogRoutes(ctx),
      subscriptionRoutes(ctx),
      invoiceRoutes(ctx),
      paymentRoutes(ctx),
      webhookRoutes(ctx),
      messagingRoutes(ctx),
      documentRoutes(ctx),
      testClockRoutes(ctx),
    ],
  });
}
