import type { FastifyInstance } from 'fastify';
import { type App, createApp, createHttpServer } from '../../src/app.ts';
import { createTenant, loadTenant, type TenantContext } from '../../src/modules/tenants/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { testDatabase } from './database.ts';

export type TestApp = App & {
  server: FastifyInstance;
  /** Creates a business and returns its context and API key. */
  tenant(options?: { name?: string; mode?: 'test' | 'live'; currency?: string; timezone?: string }): Promise<{ ctx: TenantContext; apiKey: string }>;
  /** Calls the HTTP API in-process, like a client would over the wire. */
  api(
    apiKey: string | null,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  reload(tenantId: string): Promise<TenantContext>;
  stop(): Promise<void>;
};

export async function startTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await testDatabase();
  const app = await createApp({ database: database.options, clock: options.clock });
  const server = await createHttpServer(app.ctx);
  await server.ready();
  return {
    ...app,
    server,
    async tenant(o = {}) {
      const created = await createTenant(app.ctx, {
        name: o.name ?? 'Sunrise Fitness',
        mode: o.mode ?? 'test',
        currency: o.currency ?? 'usd',
        timezone: o.timezone ?? 'UTC',
      });
      return { ctx: await loadTenant(app.ctx, created.tenant), apiKey: created.api_key };
    },
    async api(apiKey, method, url, body, headers = {}) {
      const response = await server.inject({
        method,
        url,
        headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return { status: response.statusCode, body: response.body ? response.json() : null, headers: response.headers };
    },
    reload: (tenantId) => loadTenant(app.ctx, tenantId),
    async stop() {
      await server.close();
      await app.close();
      await database.drop();
    },
  };
}
