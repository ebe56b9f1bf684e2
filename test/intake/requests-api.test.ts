import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntakeMessage, receiveIntakeMessage } from '../../src/modules/intake/index.ts';
import { messages } from '../../src/modules/messaging/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { runDueWork } from '../../src/worker/scheduler.ts';
import { createStaffUser, signIn } from '../support/staff.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenant: TenantContext;
let apiKey: string;
const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
let owner: { userId: string; email: string; password: string };
let employee: { userId: string; email: string; password: string };
let seq = 0;

const mail = (from: string, over: Partial<IntakeMessage> = {}): IntakeMessage => ({
  channel: 'email',
  kind: 'email',
  externalId: `<api${++seq}@mail.test>`,
  sender: { name: 'Jānis Kalniņš', email: from, emailVerified: true },
  subject: `Question ${seq}`,
  text: 'Can I move my class?',
  attachments: [{ filename: 'schedule.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 schedule') }],
  receivedAt: clock.now(),
  unknownSender: 'review',
  ...over,
});

beforeAll(async () => {
  app = await startTestApp({ clock });
  // Live mode: the business follows the injected clock (a test-mode one has its own test clock).
  ({ ctx: tenant, apiKey } = await app.tenant({ mode: 'live' }));
  owner = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'owner' });
  employee = await createStaffUser(app.ctx, { tenantId: tenant.id, role: 'staff' });
});
afterAll(() => app?.stop());

describe('the requests API', () => {
  it('routes by the main employee strategy and lets staff work the request through its states', async () => {
    const settings = await app.api(apiKey, 'POST', '/v1/intake/settings', { routing_strategy: 'main_employee', main_employee_user_id: employee.userId });
    expect(settings.body).toMatchObject({ routing_strategy: 'main_employee', main_employee_user_id: employee.userId });
    await app.api(apiKey, 'POST', '/v1/customers', { name: 'Jānis Kalniņš', email: 'janis@example.test' });
    const received = await receiveIntakeMessage(app.ctx, tenant, mail('janis@example.test'));
    expect(received.assigneeUserId).toBe(employee.userId);

    const mine = await app.api(apiKey, 'GET', `/v1/requests?assignee=${employee.userId}&state=open`);
    expect(mine.body.data.map((r: { id: string }) => r.id)).toEqual([received.requestId]);
    const detail = await app.api(apiKey, 'GET', `/v1/requests/${received.requestId}`);
    expect(detail.body).toMatchObject({ state: 'assigned', routing_reason: 'main_employee', customer_name: 'Jānis Kalniņš', channel: 'email' });
    const file = await app.server.inject({ method: 'GET', url: detail.body.messages[0].attachments[0].url, headers: { authorization: `Bearer ${apiKey}` } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toBe('%PDF-1.4 schedule');

    // The employee signs in and works it.
    const session = await signIn(app.server, employee);
    const asEmployee = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    expect((await app.api(null, 'POST', `/v1/requests/${received.requestId}/start`, {}, asEmployee)).body.state).toBe('in_progress');
    expect((await app.api(null, 'POST', `/v1/requests/${received.requestId}/done`, {}, asEmployee)).body.state).toBe('done');
    const again = await app.api(null, 'POST', `/v1/requests/${received.requestId}/done`, {}, asEmployee);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state_transition');
    // The client writes back in the thread: the request opens again with the same employee.
    await receiveIntakeMessage(app.ctx, tenant, mail('janis@example.test', { threadRefs: [`<api${seq}@mail.test>`] }));
    expect((await app.api(apiKey, 'GET', `/v1/requests/${received.requestId}`)).body).toMatchObject({ state: 'assigned', assignee_user_id: employee.userId });
  });

  it('answers by email in the client thread, and the client reply finds the request again', async () => {
    const received = await receiveIntakeMessage(app.ctx, tenant, mail('janis@example.test', { subject: 'Parking?' }));
    const replied = await app.api(apiKey, 'POST', `/v1/requests/${received.requestId}/reply`, { text: 'Yes, behind the building.' });
    expect(replied.status).toBe(200);
    const out = replied.body.messages.find((m: { direction: string }) => m.direction === 'out');
    expect(out.text).toBe('Yes, behind the building.');
    const [queued] = await app.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenant.id), eq(messages.template, 'intake:reply')));
    expect(queued).toMatchObject({ recipient: 'janis@example.test', subject: 'Re: Parking?', bodyText: 'Yes, behind the building.' });
    expect(queued!.headers['In-Reply-To']).toMatch(/^<api\d+@mail\.test>$/);
    const answer = await receiveIntakeMessage(app.ctx, tenant, mail('janis@example.test', { threadRefs: [`<${queued!.id}@duly>`], subject: 'Re: Parking?' }));
    expect(answer).toMatchObject({ outcome: 'appended', requestId: received.requestId });
  });

  it('accepts a stranger from the review queue as a client, and spam keeps the next mail out', async () => {
    const first = await receiveIntakeMessage(app.ctx, tenant, mail('new.client@example.test'));
    const queue = await app.api(apiKey, 'GET', '/v1/requests?state=review');
    expect(queue.body.data.map((r: { id: string }) => r.id)).toContain(first.requestId);
    const accepted = await app.api(apiKey, 'POST', `/v1/requests/${first.requestId}/accept`, {});
    expect(accepted.body).toMatchObject({ state: 'assigned', customer_name: 'Jānis Kalniņš' });
    const client = await app.api(apiKey, 'GET', `/v1/customers/${accepted.body.customer_id}`);
    expect(client.body.email).toBe('new.client@example.test');
    // Her next mail is a known client's.
    expect((await receiveIntakeMessage(app.ctx, tenant, mail('new.client@example.test'))).outcome).toBe('opened');

    const spam = await receiveIntakeMessage(app.ctx, tenant, mail('offers@spam.test', { subject: 'Cheap watches' }));
    const marked = await app.api(apiKey, 'POST', `/v1/requests/${spam.requestId}/spam`, {});
    expect(marked.body.state).toBe('spam');
    expect((await receiveIntakeMessage(app.ctx, tenant, mail('Offers@spam.test'))).outcome).toBe('blocked');
    expect((await app.api(apiKey, 'POST', `/v1/requests/${spam.requestId}/accept`, {})).body.error.code).toBe('request_not_in_review');
  });

  it('refuses bad input with 4xx and never shows another business its requests', async () => {
    const other = await app.tenant({ name: 'Other Studio' });
    const ours = await receiveIntakeMessage(app.ctx, tenant, mail('janis@example.test', { subject: 'Private' }));
    expect((await app.api(other.apiKey, 'GET', `/v1/requests/${ours.requestId}`)).status).toBe(404);
    expect((await app.api(other.apiKey, 'GET', '/v1/requests')).body.data).toEqual([]);
    expect((await app.api(other.apiKey, 'POST', `/v1/requests/${ours.requestId}/assign`, { assignee_user_id: employee.userId })).status).toBe(404);
    const foreign = await app.api(apiKey, 'POST', `/v1/requests/${ours.requestId}/assign`, { assignee_user_id: 'usr_nobody' });
    expect(foreign.body.error).toMatchObject({ code: 'assignee_not_member', param: 'assignee_user_id' });
    expect((await app.api(apiKey, 'GET', '/v1/requests?state=nonsense')).status).toBe(400);
    const badSettings = await app.api(apiKey, 'POST', '/v1/intake/settings', { routing_strategy: 'main_employee', main_employee_user_id: null });
    expect(badSettings.body.error.param).toBe('main_employee_user_id');
    const slug = await app.api(apiKey, 'POST', '/v1/intake/settings', { form_slug: 'sunrise' });
    expect(slug.status).toBe(200);
    expect((await app.api(other.apiKey, 'POST', '/v1/intake/settings', { form_slug: 'sunrise' })).body.error.code).toBe('form_slug_taken');
  });

  it('streams a notification to the assignee only, and emails a digest of what nobody saw', async () => {
    await app.api(apiKey, 'POST', '/v1/intake/settings', { routing_strategy: 'main_employee', main_employee_user_id: owner.userId });
    // A client nobody has an open request with, so the main employee (the owner) gets it.
    await app.api(apiKey, 'POST', '/v1/customers', { name: 'Live Client', email: 'live@example.test' });
    const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
    const ownerSession = await signIn(app.server, owner);
    const employeeSession = await signIn(app.server, employee);
    const seen = { owner: [] as string[], employee: [] as string[] };
    const streams = [
      ['owner', ownerSession.cookie],
      ['employee', employeeSession.cookie],
    ].map(async ([who, cookie]) => {
      const abort = new AbortController();
      const response = await fetch(`${address}/v1/notifications/stream`, { headers: { cookie: cookie! }, signal: abort.signal });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            seen[who as 'owner'].push(new TextDecoder().decode(value));
          }
        } catch {}
      })();
      return abort;
    });
    const aborts = await Promise.all(streams);
    await new Promise((r) => setTimeout(r, 300));
    const sentAt = Date.now();
    const received = await receiveIntakeMessage(app.ctx, tenant, mail('live@example.test', { subject: 'Live one' }));
    while (!seen.owner.join('').includes(received.requestId!) && Date.now() - sentAt < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(seen.owner.join('')).toContain('event: notification');
    expect(seen.employee.join('')).not.toContain(received.requestId!);
    for (const abort of aborts) abort.abort();
    // Let the server notice the closed streams, so the next notification finds the employee offline.
    await new Promise((r) => setTimeout(r, 500));

    // The employee was offline: a request assigned to them by hand reaches them by email after 10 minutes.
    await app.api(apiKey, 'POST', `/v1/requests/${received.requestId}/assign`, { assignee_user_id: employee.userId });
    clock.advanceMs(11 * 60_000);
    await runDueWork(app.ctx, tenant.id);
    const digests = await app.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenant.id), eq(messages.template, 'intake:digest')));
    expect(digests.map((d) => d.recipient)).toContain(employee.email);
    // The owner saw "Live one" pop up: his digest (of the review queue he left unread) does not repeat it.
    expect(digests.filter((d) => d.recipient === owner.email).every((d) => !d.bodyText.includes('Live one'))).toBe(true);
    expect(digests.find((d) => d.recipient === employee.email)!.bodyText).toContain('Live one');
    await runDueWork(app.ctx, tenant.id);
    expect(
      (
        await app.ctx.db
          .select()
          .from(messages)
          .where(and(eq(messages.tenantId, tenant.id), eq(messages.template, 'intake:digest')))
      ).length,
    ).toBe(digests.length);
  });
});
