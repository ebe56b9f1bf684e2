import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import { MERGE_HANDLED_TABLES } from '../../src/modules/customers/index.ts';
import { type IntakeMessage, receiveIntakeMessage } from '../../src/modules/intake/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import * as schema from '../../src/platform/db/schema.ts';
import { rows } from '../../src/platform/db/tx.ts';
import { runDueWork } from '../../src/worker/scheduler.ts';
import { expectError, expectOk, fixtures } from '../http/helpers.ts';
import { asStaff, createStaffUser, signIn } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenant: TenantContext;
let apiKey: string;
let otherKey: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  ({ ctx: tenant, apiKey } = await app.tenant({ name: 'Sunrise Fitness' }));
  ({ apiKey: otherKey } = await app.tenant({ name: 'Moon Yoga' }));
  await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'owner' });
});
afterAll(() => app?.stop());

const ids = (list: { data: { id: string }[] }) => list.data.map((o) => o.id).sort();
const get = async (url: string, key = apiKey) => expectOk(await app.api(key, 'GET', url));
const post = async (url: string, body: unknown, key = apiKey) => expectOk(await app.api(key, 'POST', url, body));

/** A web form from someone no verified contact identifies: intake makes them a new client. */
async function formFrom(sender: IntakeMessage['sender']) {
  const outcome = await receiveIntakeMessage(app.ctx, await app.reload(tenant.id), {
    channel: 'web_form',
    kind: 'enquiry',
    externalId: `form-${++seq}`,
    sender,
    text: 'Do you have evening classes?',
    receivedAt: new Date(),
    unknownSender: 'create_client',
  });
  expect(outcome.outcome).toBe('opened');
  return outcome as { requestId: string; customerId: string };
}

/** Customer-owned rows of every table a merge handles, by table. */
async function rowsOwnedBy(customerId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of MERGE_HANDLED_TABLES) {
    const [row] = await rows<{ n: number }>(app.ctx.db, sql`select count(*)::int as n from ${sql.identifier(table)} where customer_id = ${customerId}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}

describe('the merge covers the whole schema', () => {
  it('handles every table with a customer_id column, so a new table cannot leave a merged client’s rows behind', () => {
    const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => value instanceof PgTable);
    const withCustomer = tables.filter((t) => getTableConfig(t).columns.some((c) => c.name === 'customer_id')).map((t) => getTableConfig(t).name);
    expect([...MERGE_HANDLED_TABLES].sort()).toEqual(withCustomer.sort());
    // A customer reference under another name would escape the check above: only Stripe's own id may.
    const otherNames = tables.flatMap((t) =>
      getTableConfig(t)
        .columns.filter((c) => /customer/.test(c.name) && c.name !== 'customer_id')
        .map((c) => `${getTableConfig(t).name}.${c.name}`),
    );
    expect(otherNames).toEqual(['stripe_customers.stripe_customer_id']);
  });
});

describe('possible duplicates', () => {
  it('lists the clients sharing an email, phone, Telegram chat or name, per client and as groups for review', async () => {
    const { apiKey: key } = await app.tenant({ name: 'Olga’s Studio' });
    const f = fixtures(app, key);
    const olga = await f.customer({ name: 'Olga Petrova', email: 'olga@petrova.lv', phone: '+37129990001', telegram: '@olgap' });
    const byEmail = await f.customer({ name: 'O. P.', email: 'OLGA@petrova.lv' });
    const byPhone = await f.customer({ name: 'Mrs Petrova', phone: '+37129990001' });
    const byTelegram = await f.customer({ name: 'OP', telegram: 'OlgaP' });
    const byName = await f.customer({ name: '  ÓLGA   petrova ' });
    const unrelated = await f.customer({ name: 'Ivan Ivanov', email: 'ivan@example.lv' });

    const found = await get(`/v1/customers/${olga.id}/duplicates`, key);
    expect(found.data.map((d: any) => [d.customer.id, d.reasons])).toEqual([
      [byName.id, ['name']],
      [byTelegram.id, ['telegram']],
      [byPhone.id, ['phone']],
      [byEmail.id, ['email']],
    ]);
    const first = await get(`/v1/customers/${olga.id}/duplicates?limit=3`, key);
    expect(first.has_more).toBe(true);
    const rest = await get(`/v1/customers/${olga.id}/duplicates?limit=3&starting_after=${first.data[2].customer.id}`, key);
    expect(rest).toMatchObject({ has_more: false, data: [{ customer: { id: byEmail.id } }] });
    expect((await get(`/v1/customers/${unrelated.id}/duplicates`, key)).data).toEqual([]);

    const groups = await get('/v1/customer_duplicates', key);
    expect(groups.data).toHaveLength(1);
    expect(groups.data[0].customers.map((c: any) => c.id)).toEqual([byName.id, byTelegram.id, byPhone.id, byEmail.id, olga.id]);
    expect(groups.data[0].matches).toEqual(
      expect.arrayContaining([
        { reason: 'email', value: 'olga@petrova.lv', customers: [byEmail.id, olga.id] },
        { reason: 'phone', value: '+37129990001', customers: [byPhone.id, olga.id] },
        { reason: 'telegram', value: 'olgap', customers: [byTelegram.id, olga.id] },
        { reason: 'name', value: 'olga petrova', customers: [byName.id, olga.id] },
      ]),
    );
    // Another business sees neither the client nor the group.
    expectError(await app.api(otherKey, 'GET', `/v1/customers/${olga.id}/duplicates`), 404, 'resource_missing');
    expect((await get('/v1/customer_duplicates', otherKey)).data).toEqual([]);
  });
});

describe('merging a duplicate into the client it is', () => {
  it('moves every invoice, payment, card, subscription, message and request, adds up the balances and keeps the books sound', async () => {
    const f = fixtures(app, apiKey);
    // Anna, entered by staff (her phone is trusted), owes one invoice.
    const anna = await f.customer({ name: 'Anna Bērziņa', phone: '+37120000000', tags: ['vip'], metadata: { member_no: '42' } });
    const annaCard = await f.card(anna.id);
    const annaInvoice = await f.openInvoice(anna.id, 10_000);
    // She fills in the web form with an address nobody has proved: intake makes a second client.
    const request = await formFrom({ name: 'Anna Berzina', email: 'Anna@Example.lv' });
    const dup = request.customerId;
    expect(dup).not.toBe(anna.id);
    await post(`/v1/customers/${dup}`, { telegram: '5550001', tags: ['evening'], notes: 'Prefers evenings', metadata: { source: 'web' } });
    await app.ctx.db
      .insert(schema.telegramLinks)
      .values({ tenantId: tenant.id, chatId: '5550001', telegramUserId: '5550001', customerId: dup, createdAt: new Date() });
    // The duplicate record gathers its own history: a card, a paid subscription, a euro invoice, cash kept as credit.
    await f.card(dup);
    const subscription = await post('/v1/subscriptions', { customer: dup, items: [{ price: (await f.price({ unit_amount: 5_000 })).id }] });
    const euroDraft = await post('/v1/invoices', { customer: dup, currency: 'eur', lines: [{ description: 'Mat rental', unit_amount: 7_000, quantity: 1 }] });
    await post(`/v1/invoices/${euroDraft.id}/finalize`, {});
    await post('/v1/payments', { customer: dup, amount: 2_500, currency: 'usd', method: 'cash' });
    const link = await post(`/v1/customers/${dup}/portal_link`, { channel: 'none' });
    const signedIn = await app.api(null, 'POST', '/portal/api/sign_in', { token: new URL(link.url).searchParams.get('token') });
    const portalCookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'] as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    expectOk(await app.api(null, 'GET', '/portal/api/me', undefined, { cookie: portalCookie }));
    // Someone else with her name writes in: their request lists the duplicate as a possible match.
    const namesake = await formFrom({ name: 'Anna Berzina', email: 'anna.b@work.example' });
    await runDueWork(app.ctx, tenant.id);

    const before = {
      anna: await get(`/v1/customers/${anna.id}`),
      dup: await get(`/v1/customers/${dup}`),
      invoices: ids(await get(`/v1/invoices?customer=${dup}&limit=100`)),
      payments: ids(await get(`/v1/payments?customer=${dup}&limit=100`)),
      messages: ids(await get(`/v1/messages?customer=${dup}&limit=100`)),
      cards: ids(await get(`/v1/customers/${dup}/payment_methods`)),
    };
    expect(before.invoices).toHaveLength(2);
    expect(before.payments).toHaveLength(2);
    expect(before.messages.length).toBeGreaterThan(0);
    expect(before.dup.credit_balance).toBe(2_500);
    expect((await get(`/v1/customers/${anna.id}/duplicates`)).data.map((d: any) => d.customer.id)).toContain(dup);

    const merge = await app.api(apiKey, 'POST', `/v1/customers/${anna.id}/merge`, { duplicate_id: dup }, { 'idempotency-key': 'merge-anna' });
    const survivor = expectOk(merge);
    expect(survivor).toMatchObject({
      id: anna.id,
      merged_into: null,
      // Her missing email comes over, still unproven; her own phone stays proven.
      email: 'anna@example.lv',
      email_verified: false,
      phone: '+37120000000',
      phone_verified: true,
      telegram: '5550001',
      tags: ['vip', 'evening'],
      notes: 'Prefers evenings',
      metadata: { member_no: '42', source: 'web' },
      balance: before.anna.balance + before.dup.balance,
      receivable: before.anna.receivable + before.dup.receivable,
      credit_balance: before.anna.credit_balance + before.dup.credit_balance,
    });
    // The same Idempotency-Key replays the answer instead of refusing a second merge.
    const replay = await app.api(apiKey, 'POST', `/v1/customers/${anna.id}/merge`, { duplicate_id: dup }, { 'idempotency-key': 'merge-anna' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(survivor);

    // Everything the duplicate had is Anna's now.
    expect(ids(await get(`/v1/invoices?customer=${anna.id}&limit=100`))).toEqual([...before.invoices, annaInvoice.id].sort());
    expect(ids(await get(`/v1/payments?customer=${anna.id}&limit=100`))).toEqual(expect.arrayContaining(before.payments));
    expect(ids(await get(`/v1/messages?customer=${anna.id}&limit=100`))).toEqual(expect.arrayContaining(before.messages));
    const cards = await get(`/v1/customers/${anna.id}/payment_methods`);
    expect(ids(cards)).toEqual(expect.arrayContaining(before.cards));
    // Her own card stays the one autopay charges.
    expect(cards.data.filter((card: any) => card.default).map((card: any) => card.id)).toEqual([annaCard.id]);
    expect((await get(`/v1/subscriptions/${subscription.id}`)).customer).toBe(anna.id);
    const owned = await rowsOwnedBy(dup);
    // Only the duplicate's portal sign-ins stay behind, ended; nothing else is left on the record.
    expect(Object.entries(owned).filter(([table, n]) => n > 0 && !table.startsWith('portal_'))).toEqual([]);
    const [movedRequest] = await rows<{ customer_id: string }>(app.ctx.db, sql`select customer_id from intake_requests where id = ${request.requestId}`);
    expect(movedRequest!.customer_id).toBe(anna.id);
    const [link5550001] = await rows<{ customer_id: string }>(app.ctx.db, sql`select customer_id from telegram_links where chat_id = '5550001'`);
    expect(link5550001!.customer_id).toBe(anna.id);
    const [namesakeRequest] = await rows<{ possible_duplicates: unknown }>(
      app.ctx.db,
      sql`select possible_duplicates from intake_requests where id = ${namesake.requestId}`,
    );
    expect(JSON.stringify(namesakeRequest!.possible_duplicates)).not.toContain(dup);
    expectError(await app.api(null, 'GET', '/portal/api/me', undefined, { cookie: portalCookie }), 401, 'portal_sign_in_required');

    // The books: Anna's balance is what her ledger lines say, and `duly audit` finds nothing.
    const [ledger] = await rows<{ receivable: number; credit: number }>(
      app.ctx.db,
      sql`select coalesce(sum(debit - credit) filter (where account = 'accounts_receivable'), 0)::float8 as receivable,
                 coalesce(sum(credit - debit) filter (where account = 'customer_credit'), 0)::float8 as credit
          from ledger_entries where customer_id = ${anna.id}`,
    );
    expect(survivor.balance).toBe(Number(ledger!.receivable) - Number(ledger!.credit));
    expect(await runAudit(app.ctx.db)).toEqual([]);

    // The duplicate is kept, points at Anna, and is gone from lists and searches.
    expect(await get(`/v1/customers/${dup}`)).toMatchObject({ id: dup, merged_into: anna.id, balance: 0, credit_balance: 0, receivable: 0 });
    const listed = [
      ...ids(await get('/v1/customers?limit=100')),
      ...ids(await get('/v1/customers?search=anna&limit=100')),
      ...ids(await get('/v1/customers?email=anna@example.lv')),
    ];
    expect(listed).toContain(anna.id);
    expect(listed).not.toContain(dup);
    expect((await get(`/v1/customers/${anna.id}/duplicates`)).data.map((d: any) => d.customer.id)).not.toContain(dup);
    expect(JSON.stringify((await get('/v1/customer_duplicates?limit=100')).data)).not.toContain(dup);

    // Told to integrations, and written down with who did it.
    const [event] = await rows<{ payload: any }>(app.ctx.db, sql`select payload from outbox where topic = 'customer.merged' and tenant_id = ${tenant.id}`);
    expect(event!.payload).toMatchObject({ customer: anna.id, merged_customer: dup, moved: { invoices: 2, payments: 2 } });
    const audit = await rows<{ action: string }>(app.ctx.db, sql`select action from audit_log where tenant_id = ${tenant.id} and target_id = ${anna.id}`);
    // Once: the replayed request changed nothing and is not written down again.
    expect(audit.map((a) => a.action).filter((action) => action.endsWith('/merge'))).toEqual(['POST /v1/customers/:id/merge']);
  });

  it('refuses a merge into itself, of a merged record, across businesses, of unknown ids, and by a plain staff member — writing nothing', async () => {
    const f = fixtures(app, apiKey);
    const a = await f.customer({ name: 'Guard A' });
    const b = await f.customer({ name: 'Guard B' });
    const c = await f.customer({ name: 'Guard C' });
    const theirs = expectOk(await app.api(otherKey, 'POST', '/v1/customers', { name: 'Guard A' }));
    const merge = (survivor: string, duplicate: string, key = apiKey) => app.api(key, 'POST', `/v1/customers/${survivor}/merge`, { duplicate_id: duplicate });

    expectError(await merge(a.id, a.id), 400, 'customer_merge_same', 'duplicate_id');
    expectError(await merge(a.id, theirs.id), 404, 'resource_missing', 'duplicate_id');
    expectError(await merge(theirs.id, a.id), 404, 'resource_missing', 'id');
    expectError(await merge(theirs.id, a.id, otherKey), 404, 'resource_missing', 'duplicate_id');
    expectError(await merge(a.id, 'cus_missing'), 404, 'resource_missing', 'duplicate_id');
    expectError(await app.api(apiKey, 'POST', `/v1/customers/${a.id}/merge`, {}), 400, 'parameter_missing');
    expect((await get(`/v1/customers/${theirs.id}`, otherKey)).merged_into).toBeNull();
    expectError(await app.api(otherKey, 'GET', `/v1/customers/${a.id}`), 404, 'resource_missing');

    const staff = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' });
    const session = await signIn(app.server, staff);
    expectError(await asStaff(app.server, session, 'POST', `/v1/customers/${a.id}/merge`, { duplicate_id: b.id }), 403, 'role_forbidden');
    expect((await get(`/v1/customers/${b.id}`)).merged_into).toBeNull();

    expectOk(await merge(a.id, b.id));
    expectError(await merge(a.id, b.id), 409, 'customer_already_merged', 'duplicate_id');
    expectError(await merge(b.id, c.id), 409, 'customer_already_merged', 'id');
    // Merging A onward re-points B, merged into A before, straight at C: one hop to follow.
    expectOk(await merge(c.id, a.id));
    expect((await get(`/v1/customers/${b.id}`)).merged_into).toBe(c.id);
    // Nothing new lands on a merged record: billing it names the client it became.
    const invoice = await app.api(apiKey, 'POST', '/v1/invoices', { customer: b.id, lines: [{ description: 'Class', unit_amount: 1000 }] });
    expect(invoice.status).toBe(409);
    expect(invoice.body.error).toMatchObject({ code: 'customer_already_merged', param: 'customer' });
    expect(invoice.body.error.message).toContain(c.id);
  });

  it('leaves one open collection case per currency, the further-escalated one', async () => {
    const f = fixtures(app, apiKey);
    const keep = await f.customer({ name: 'Case Keeper' });
    const dup = await f.customer({ name: 'Case Duplicate' });
    const now = new Date();
    const cases = [
      { id: 'case_keep', customerId: keep.id, state: 'open' },
      { id: 'case_dup', customerId: dup.id, state: 'in_collections' },
    ];
    await app.ctx.db.insert(schema.collectionCases).values(cases.map((c) => ({ ...c, tenantId: tenant.id, currency: 'usd', openedAt: now, createdAt: now })));
    await app.ctx.db.insert(schema.invoiceDunning).values(
      cases.map((c, i) => ({
        tenantId: tenant.id,
        invoiceId: `in_case_${i}`,
        customerId: c.customerId,
        currency: 'usd',
        localDueDate: '2026-01-01',
        timeZone: 'UTC',
        state: 'active',
        caseId: c.id,
        createdAt: now,
        updatedAt: now,
      })),
    );
    expectOk(await app.api(apiKey, 'POST', `/v1/customers/${keep.id}/merge`, { duplicate_id: dup.id }));
    const after = await rows<{ id: string; customer_id: string; state: string; closed_reason: string | null }>(
      app.ctx.db,
      sql`select id, customer_id, state, closed_reason from collection_cases where tenant_id = ${tenant.id} and id in ('case_keep', 'case_dup') order by id`,
    );
    expect(after).toEqual([
      { id: 'case_dup', customer_id: keep.id, state: 'in_collections', closed_reason: null },
      { id: 'case_keep', customer_id: keep.id, state: 'closed', closed_reason: 'merged' },
    ]);
    const dunning = await rows<{ case_id: string }>(app.ctx.db, sql`select distinct case_id from invoice_dunning where invoice_id like 'in_case_%'`);
    expect(dunning).toEqual([{ case_id: 'case_dup' }]);
  });
});
