import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/index.ts';
import { type IntakeMessage, intakeRequests, receiveIntakeMessage, updateIntakeSettings } from '../../src/modules/intake/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { createStaffUser } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenant: TenantContext;
let apiKey: string;
let staff: string[];
let seq = 0;

const email = (from: string, over: Partial<IntakeMessage> = {}): IntakeMessage => ({
  channel: 'email',
  kind: 'email',
  externalId: `<m${++seq}@mail.test>`,
  sender: { name: 'Anna Bērziņa', email: from, emailVerified: true },
  subject: 'Yoga on Saturday?',
  text: 'Hello, is there a class on Saturday?',
  receivedAt: new Date(),
  unknownSender: 'review',
  ...over,
});

beforeAll(async () => {
  app = await startTestApp();
  ({ ctx: tenant, apiKey } = await app.tenant());
  staff = [];
  for (const role of ['owner', 'staff', 'staff'] as const) staff.push((await createStaffUser(app.ctx, { tenantId: tenant.id, role })).userId);
});
afterAll(() => app?.stop());

describe('receiving a message from any channel', () => {
  it('opens a request for a known client, routes it, and a repeat of the same message writes nothing', async () => {
    const created = await app.api(apiKey, 'POST', '/v1/customers', { name: 'Anna Bērziņa', email: 'anna@example.test' });
    const first = email('Anna@Example.test');
    const outcome = await receiveIntakeMessage(app.ctx, tenant, first);
    expect(outcome).toMatchObject({ outcome: 'opened', customerId: created.body.id });
    expect(staff).toContain(outcome.assigneeUserId);
    expect(await receiveIntakeMessage(app.ctx, tenant, first)).toMatchObject({ outcome: 'duplicate', requestId: outcome.requestId });

    // The reply in the same thread joins the request and stays with the same employee.
    const reply = await receiveIntakeMessage(app.ctx, tenant, email('anna@example.test', { threadRefs: [first.externalId] }));
    expect(reply).toMatchObject({ outcome: 'appended', requestId: outcome.requestId, assigneeUserId: outcome.assigneeUserId });
    // A new thread from the same client goes to the employee who has her open request.
    const second = await receiveIntakeMessage(app.ctx, tenant, email('anna@example.test', { subject: 'Invoice question' }));
    expect(second).toMatchObject({ outcome: 'opened', assigneeUserId: outcome.assigneeUserId });
    expect(second.requestId).not.toBe(outcome.requestId);
  });

  it('sends an unknown sender to review instead of the client base', async () => {
    const before = await app.ctx.db.select().from(customers).where(eq(customers.tenantId, tenant.id));
    const outcome = await receiveIntakeMessage(app.ctx, tenant, email('stranger@spam.test'));
    expect(outcome).toMatchObject({ outcome: 'review', customerId: null });
    const after = await app.ctx.db.select().from(customers).where(eq(customers.tenantId, tenant.id));
    expect(after.length).toBe(before.length);
  });

  it('round robin hands concurrent arrivals to each employee in turn', async () => {
    await updateIntakeSettings(app.ctx, tenant, { routing_strategy: 'round_robin' });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        receiveIntakeMessage(app.ctx, tenant, {
          ...email(`new${i}@example.test`),
          channel: 'web_form',
          kind: 'enquiry',
          sender: { name: `Client ${i}`, email: `new${i}@example.test` },
          unknownSender: 'create_client',
        }),
      ),
    );
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.assigneeUserId!, (counts.get(o.assigneeUserId!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
    const rows = await app.ctx.db
      .select()
      .from(intakeRequests)
      .where(and(eq(intakeRequests.tenantId, tenant.id), eq(intakeRequests.channel, 'web_form')));
    expect(rows.every((r) => r.state === 'assigned' && r.routingReason === 'round_robin')).toBe(true);
  });
});

describe('threads', () => {
  it('a stranger quoting a Message-ID does not write into the thread', async () => {
    await app.api(apiKey, 'POST', '/v1/customers', { name: 'Mara Liepa', email: 'mara@example.test' });
    const first = email('mara@example.test', { subject: 'My medical note' });
    const opened = await receiveIntakeMessage(app.ctx, tenant, first);
    const intruder = await receiveIntakeMessage(app.ctx, tenant, email('intruder@elsewhere.test', { threadRefs: [first.externalId] }));
    expect(intruder.outcome).toBe('review');
    expect(intruder.requestId).not.toBe(opened.requestId);
  });
});
