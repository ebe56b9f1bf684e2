import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, customers } from '../../src/modules/customers/index.ts';
import { inTenantTx, rows } from '../../src/platform/db/tx.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Row-level security is the floor under every query: even a query that forgets its tenant filter sees one business. */
describe('tenant isolation in the database', () => {
  let app: TestApp;
  let a: Awaited<ReturnType<TestApp['tenant']>>;
  let b: Awaited<ReturnType<TestApp['tenant']>>;

  beforeAll(async () => {
    app = await startTestApp();
    a = await app.tenant({ name: 'Alpha Yoga' });
    b = await app.tenant({ name: 'Beta Dance' });
    await createCustomer(app.ctx, a.ctx, { name: 'Alice of Alpha' });
    await createCustomer(app.ctx, b.ctx, { name: 'Bob of Beta' });
  });
  afterAll(() => app.stop());

  it('a query without a tenant filter returns only the current tenant rows', async () => {
    const seen = await inTenantTx(app.ctx.db, a.ctx.id, (tx) => tx.select({ name: customers.name }).from(customers));
    expect(seen.map((c) => c.name)).toEqual(['Alice of Alpha']);
  });

  it("writing a row for another tenant inside a tenant's transaction is refused by the database", async () => {
    const attempt = inTenantTx(app.ctx.db, a.ctx.id, (tx) =>
      tx.insert(customers).values({ tenantId: b.ctx.id, id: 'cus_intruder', name: 'Planted', createdAt: new Date() }),
    );
    await expect(attempt).rejects.toThrow();
    const beta = await inTenantTx(app.ctx.db, b.ctx.id, (tx) => tx.select({ id: customers.id }).from(customers));
    expect(beta.map((c) => c.id)).not.toContain('cus_intruder');
  });

  it('every table with a tenant_id column has row-level security enabled, apart from the documented exceptions', async () => {
    const unprotected = await rows<{ table_name: string }>(
      app.ctx.db,
      sql`select c.table_name from information_schema.columns c
          join pg_class k on k.relname = c.table_name and k.relkind = 'r'
          join pg_namespace n on n.oid = k.relnamespace and n.nspname = 'public'
          where c.table_schema = 'public' and c.column_name = 'tenant_id' and not k.relrowsecurity
          order by 1`,
    );
    expect(unprotected.map((r) => r.table_name)).toEqual(['api_keys']);
  });

  it("another business's customer answers 404 over the API, and listing shows only one's own", async () => {
    const [alice] = await inTenantTx(app.ctx.db, a.ctx.id, (tx) => tx.select().from(customers));
    const asBeta = await app.api(b.apiKey, 'GET', `/v1/customers/${alice!.id}`);
    expect(asBeta.status).toBe(404);
    expect(asBeta.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
    const list = await app.api(b.apiKey, 'GET', '/v1/customers');
    expect(list.body.data.map((c: { name: string }) => c.name)).toEqual(['Bob of Beta']);
  });
});
