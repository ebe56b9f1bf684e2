import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutWebhookEvent, verifyWebhookSignature, WebhookSignatureError, webhookDeliveries } from '../../src/modules/webhooks/index.ts';
import { outbox } from '../../src/platform/db/outbox-schema.ts';
import { inTenantTx } from '../../src/platform/db/tx.ts';
import { runDueWork } from '../../src/worker/scheduler.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, expectOk, fixtures, listIds } from './helpers.ts';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A real HTTP receiver on 127.0.0.1: records every request and answers from a per-path script (200 when none). */
class Receiver {
  readonly received: Received[] = [];
  readonly script = new Map<string, number[]>();
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = this.script.get(path)?.shift() ?? this.fallback.get(path) ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  readonly fallback = new Map<string, number>();
  port = 0;
  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string) {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhooks API', () => {
  let app: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    app = await startTestApp();
    receiver = new Receiver();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await app.stop();
  });

  async function business(name: string) {
    const t = await app.tenant({ name });
    return { ...t, f: fixtures(app, t.apiKey), call: (m: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => app.api(t.apiKey, m, url, body) };
  }

  async function endpoint(b: Awaited<ReturnType<typeof business>>, path: string, enabled_events: string[] = ['*']) {
    return expectOk(await b.call('POST', '/v1/webhook_endpoints', { url: receiver.url(path), enabled_events }));
  }

  async function onlyDelivery(b: Awaited<ReturnType<typeof business>>, endpointId: string) {
    const list = expectOk(await b.call('GET', `/v1/webhook_endpoints/${endpointId}/deliveries`));
    expect(list.data).toHaveLength(1);
    return list.data[0];
  }

  describe('endpoints', () => {
    it('creates an endpoint with a whsec_ secret shown once, then reads, lists, updates and deletes it', async () => {
      const b = await business('Sunrise Fitness');
      const created = expectOk(
        await b.call('POST', '/v1/webhook_endpoints', {
          url: 'https://example.com/hooks',
          enabled_events: ['invoice.paid', 'payment.failed'],
          description: 'Books',
        }),
      );
      expect(created).toMatchObject({
        object: 'webhook_endpoint',
        url: 'https://example.com/hooks',
        enabled_events: ['invoice.paid', 'payment.failed'],
        description: 'Books',
        status: 'enabled',
      });
      expect(created.id).toMatch(/^we_[0-9a-z]+$/);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
      const read = expectOk(await b.call('GET', `/v1/webhook_endpoints/${created.id}`));
      expect(read).not.toHaveProperty('secret');
      expect(read).toEqual(Object.fromEntries(Object.entries(created).filter(([k]) => k !== 'secret')));
      expect(await listIds(app, b.apiKey, '/v1/webhook_endpoints')).toEqual([created.id]);
      expect(JSON.stringify(expectOk(await b.call('GET', '/v1/webhook_endpoints')))).not.toContain(created.secret);

      const updated = expectOk(
        await b.call('POST', `/v1/webhook_endpoints/${created.id}`, { url: 'http://example.org/h', enabled_events: ['*'], disabled: true }),
      );
      expect(updated).toMatchObject({ url: 'http://example.org/h', enabled_events: ['*'], status: 'disabled', description: 'Books' });
      expect(updated).not.toHaveProperty('secret');

      expect(expectOk(await b.call('DELETE', `/v1/webhook_endpoints/${created.id}`))).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
      expectError(await b.call('GET', `/v1/webhook_endpoints/${created.id}`), 404, 'resource_missing');
      expect(await listIds(app, b.apiKey, '/v1/webhook_endpoints')).toEqual([]);
    });

    it('refuses bad input with 400 in the error shape', async () => {
      const b = await business('Strict Studio');
      const post = (body: unknown) => b.call('POST', '/v1/webhook_endpoints', body);
      expectError(await post({ url: 'not a url', enabled_events: ['*'] }), 400, 'parameter_invalid', 'url');
      expectError(await post({ url: 'ftp://example.com/x', enabled_events: ['*'] }), 400, 'parameter_invalid', 'url');
      expectError(await post({ url: 'https://user:pw@example.com/x', enabled_events: ['*'] }), 400, 'parameter_invalid', 'url');
      expectError(await post({ url: 'https://example.com', enabled_events: ['invoice.exploded'] }), 400, 'event_type_unknown', 'enabled_events[0]');
      expectError(await post({ url: 'https://example.com', enabled_events: [] }), 400, 'parameter_invalid', 'enabled_events');
      expectError(await post({ url: 'https://example.com', enabled_events: ['*'], secret: 'mine' }), 400, 'parameter_unknown', 'secret');
      expectError(await post({ enabled_events: ['*'] }), 400, 'parameter_missing', 'url');
      expectError(await b.call('GET', '/v1/events?type=message.send'), 400, 'event_type_unknown', 'type');
      expectError(await app.api(null, 'GET', '/v1/webhook_endpoints'), 401, 'api_key_missing');
      expect(await listIds(app, b.apiKey, '/v1/webhook_endpoints')).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('sends signed events for a paid subscription and a declined card; the signatures verify and events match /v1/events', async () => {
      const b = await business('Signed Studio');
      const all = await endpoint(b, '/signed');
      const paidOnly = await endpoint(b, '/paid-only', ['invoice.paid']);
      const c = await b.f.customer();
      await b.f.card(c.id);
      const price = await b.f.price();
      expectOk(await b.call('POST', '/v1/subscriptions', { customer: c.id, items: [{ price: price.id }] }));
      const declined = await b.f.customer({ name: 'Declined Dan' });
      await b.f.card(declined.id, 'pm_card_chargeDeclinedInsufficientFunds');
      expectOk(await b.call('POST', '/v1/subscriptions', { customer: declined.id, items: [{ price: price.id }] }));

      await runDueWork(app.ctx, b.ctx.id);

      const got = receiver.at('/signed');
      const events = got.map((r) => verifyWebhookSignature(r.body, String(r.headers['duly-signature']), all.secret));
      const types = events.map((e) => e.type);
      for (const t of ['invoice.finalized', 'invoice.paid', 'payment.succeeded', 'payment.failed', 'subscription.created']) expect(types).toContain(t);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      for (const [i, r] of got.entries()) {
        expect(r.headers['duly-event-id']).toBe(events[i]!.id);
        expect(r.headers['content-type']).toBe('application/json');
      }
      const failed = events.find((e) => e.type === 'payment.failed')!;
      expect(failed.data).toMatchObject({ decline_code: 'insufficient_funds' });

      // The events API shows exactly what was sent.
      const listed = expectOk(await b.call('GET', '/v1/events?limit=100'));
      expect(listed.data.map((e: { id: string }) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      for (const e of events) expect(expectOk(await b.call('GET', `/v1/events/${e.id}`))).toEqual(e);
      const paidEvents = expectOk(await b.call('GET', '/v1/events?type=invoice.paid')).data;
      expect(paidEvents.map((e: { type: string }) => e.type)).toEqual(['invoice.paid']);

      // An endpoint listening to one type gets only that type, signed with its own secret.
      const narrow = receiver.at('/paid-only');
      expect(narrow.map((r) => verifyWebhookSignature(r.body, String(r.headers['duly-signature']), paidOnly.secret).type)).toEqual(['invoice.paid']);
      expect(() => verifyWebhookSignature(narrow[0]!.body, String(narrow[0]!.headers['duly-signature']), all.secret)).toThrow(/signature does not match/);

      // The delivery log shows one successful attempt per event.
      const log = expectOk(await b.call('GET', `/v1/webhook_endpoints/${all.id}/deliveries?limit=100`));
      expect(log.data).toHaveLength(events.length);
      for (const d of log.data) {
        expect(d).toMatchObject({
          object: 'webhook_delivery',
          endpoint: all.id,
          status: 'delivered',
          attempts: 1,
          last_response_status: 200,
          last_error: null,
          next_retry_at: null,
        });
        expect(d.attempt_log).toEqual([expect.objectContaining({ number: 1, replay: false, response_status: 200, error: null })]);
      }

      // Running the outbox subscriber again for the same event adds no second delivery.
      const [row] = await inTenantTx(app.ctx.db, b.ctx.id, (tx) =>
        tx
          .select()
          .from(outbox)
          .where(and(eq(outbox.tenantId, b.ctx.id), eq(outbox.id, failed.id))),
      );
      await inTenantTx(app.ctx.db, b.ctx.id, (tx) => fanOutWebhookEvent(tx, row!));
      const again = await inTenantTx(app.ctx.db, b.ctx.id, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, failed.id)));
      expect(again).toHaveLength(1);
      await runDueWork(app.ctx, b.ctx.id);
      expect(receiver.at('/signed')).toHaveLength(got.length);
    });

    it('verifyWebhookSignature rejects a tampered body, an old timestamp, a wrong secret and a malformed header', async () => {
      const b = await business('Verify Studio');
      const ep = await endpoint(b, '/verify');
      const c = await b.f.customer();
      await b.f.card(c.id);
      await runDueWork(app.ctx, b.ctx.id);
      const [r] = receiver.at('/verify');
      const header = String(r!.headers['duly-signature']);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const t = Number(/t=(\d+)/.exec(header)![1]);
      expect(verifyWebhookSignature(r!.body, header, ep.secret).type).toBe('payment_method.attached');

      const tampered = r!.body.replace('payment_method.attached', 'payment_method.detached');
      const reason = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          expect(e).toBeInstanceOf(WebhookSignatureError);
          return (e as WebhookSignatureError).reason;
        }
        return 'accepted';
      };
      expect(reason(() => verifyWebhookSignature(tampered, header, ep.secret))).toBe('bad_signature');
      expect(reason(() => verifyWebhookSignature(r!.body, header, 'whsec_wrong'))).toBe('bad_signature');
      expect(reason(() => verifyWebhookSignature(r!.body, header, ep.secret, 300, t + 301))).toBe('timestamp_outside_tolerance');
      expect(reason(() => verifyWebhookSignature(r!.body, header, ep.secret, 300, t + 299))).toBe('accepted');
      expect(reason(() => verifyWebhookSignature(r!.body, 'v1=abc', ep.secret))).toBe('malformed_header');
      expect(reason(() => verifyWebhookSignature(r!.body, `t=${t}`, ep.secret))).toBe('malformed_header');
      expect(reason(() => verifyWebhookSignature(r!.body, '', ep.secret))).toBe('malformed_header');
    });

    it('retries a receiver that answers 500 twice with back-off, and the log shows 3 attempts', async () => {
      const b = await business('Flaky Studio');
      receiver.script.set('/flaky', [500, 500]);
      const ep = await endpoint(b, '/flaky');
      const c = await b.f.customer();
      await b.f.card(c.id);
      await runDueWork(app.ctx, b.ctx.id);
      const first = await onlyDelivery(b, ep.id);
      expect(first).toMatchObject({ status: 'pending', attempts: 1, last_response_status: 500, last_error: expect.stringContaining('500') });
      expect(first.next_retry_at).toBe(first.last_attempt_at + 60);

      expectOk(await b.call('POST', '/v1/test_clock/advance', { days: 1 }));
      const done = await onlyDelivery(b, ep.id);
      expect(done).toMatchObject({ status: 'delivered', attempts: 3, last_response_status: 200, last_error: null, next_retry_at: null });
      expect(done.attempt_log.map((a: { response_status: number }) => a.response_status)).toEqual([500, 500, 200]);
      const at = done.attempt_log.map((a: { created: number }) => a.created);
      expect([at[1] - at[0], at[2] - at[1]]).toEqual([60, 120]);
      const sent = receiver.at('/flaky');
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((r) => r.headers['duly-event-id'])).size).toBe(1);
      for (const r of sent) verifyWebhookSignature(r.body, String(r.headers['duly-signature']), ep.secret);
    });

    it('gives up after three days of failures, then a replay re-sends and is logged', async () => {
      const b = await business('Down Studio');
      receiver.fallback.set('/down', 503);
      const ep = await endpoint(b, '/down');
      const c = await b.f.customer();
      await b.f.card(c.id);
      expectOk(await b.call('POST', '/v1/test_clock/advance', { days: 2 }));
      expect(await onlyDelivery(b, ep.id)).toMatchObject({ status: 'pending', last_response_status: 503 });
      expectOk(await b.call('POST', '/v1/test_clock/advance', { days: 2 }));
      const failed = await onlyDelivery(b, ep.id);
      expect(failed).toMatchObject({ status: 'failed', last_response_status: 503, next_retry_at: null, delivered_at: null });
      expect(failed.attempts).toBeGreaterThan(5);
      expect(failed.attempt_log).toHaveLength(failed.attempts);
      const last = failed.attempt_log.at(-1).created;
      expect(last - failed.created).toBeLessThanOrEqual(3 * 86_400);
      expect(last - failed.created).toBeGreaterThan(2 * 86_400);
      const gaps = failed.attempt_log.slice(1).map((a: { created: number }, i: number) => a.created - failed.attempt_log[i].created);
      expect(gaps.slice(0, 4)).toEqual([60, 120, 240, 480]);
      expect(receiver.at('/down')).toHaveLength(failed.attempts);

      receiver.fallback.delete('/down');
      const replayed = expectOk(await b.call('POST', `/v1/webhook_deliveries/${failed.id}/replay`));
      expect(replayed).toMatchObject({ id: failed.id, status: 'delivered', attempts: failed.attempts + 1, last_response_status: 200, last_error: null });
      expect(replayed.attempt_log.at(-1)).toMatchObject({ number: failed.attempts + 1, replay: true, response_status: 200 });
      const sent = receiver.at('/down');
      expect(sent).toHaveLength(failed.attempts + 1);
      expect(sent.at(-1)!.headers['duly-event-id']).toBe(failed.event);
      expect(verifyWebhookSignature(sent.at(-1)!.body, String(sent.at(-1)!.headers['duly-signature']), ep.secret).id).toBe(failed.event);
      expect(expectOk(await b.call('GET', `/v1/webhook_deliveries/${failed.id}`))).toEqual(replayed);

      // A delivered event can be replayed too (a receiver that lost it asks again).
      expect(expectOk(await b.call('POST', `/v1/webhook_deliveries/${failed.id}/replay`)).attempts).toBe(failed.attempts + 2);
    });

    it('a disabled endpoint gets nothing new, its pending deliveries are canceled and replay is refused', async () => {
      const b = await business('Paused Studio');
      receiver.script.set('/paused', [500]);
      const ep = await endpoint(b, '/paused');
      const c = await b.f.customer();
      await b.f.card(c.id);
      await runDueWork(app.ctx, b.ctx.id);
      expectOk(await b.call('POST', `/v1/webhook_endpoints/${ep.id}`, { disabled: true }));
      const canceled = await onlyDelivery(b, ep.id);
      expect(canceled).toMatchObject({ status: 'canceled', attempts: 1, next_retry_at: null });
      await b.f.card(c.id, 'pm_card_mastercard');
      expectOk(await b.call('POST', '/v1/test_clock/advance', { days: 1 }));
      expect(receiver.at('/paused')).toHaveLength(1);
      expect((await onlyDelivery(b, ep.id)).id).toBe(canceled.id);
      expectError(await b.call('POST', `/v1/webhook_deliveries/${canceled.id}/replay`), 409, 'webhook_endpoint_disabled');
    });
  });

  describe('security', () => {
    it("another business never receives or sees one's endpoints, deliveries or events", async () => {
      const a = await business('Alpha Yoga');
      const z = await business('Zeta Dance');
      const epA = await endpoint(a, '/alpha');
      const epZ = await endpoint(z, '/zeta');
      const ca = await a.f.customer();
      await a.f.card(ca.id);
      await runDueWork(app.ctx);
      const [delivery] = expectOk(await a.call('GET', `/v1/webhook_endpoints/${epA.id}/deliveries`)).data;
      const [event] = expectOk(await a.call('GET', '/v1/events')).data;
      expect(receiver.at('/alpha').map((r) => r.headers['duly-event-id'])).toEqual([event.id]);
      expect(receiver.at('/zeta')).toEqual([]);

      expectError(await z.call('GET', `/v1/webhook_endpoints/${epA.id}`), 404, 'resource_missing');
      expectError(await z.call('POST', `/v1/webhook_endpoints/${epA.id}`, { disabled: true }), 404, 'resource_missing');
      expectError(await z.call('DELETE', `/v1/webhook_endpoints/${epA.id}`), 404, 'resource_missing');
      expectError(await z.call('GET', `/v1/webhook_endpoints/${epA.id}/deliveries`), 404, 'resource_missing');
      expectError(await z.call('GET', `/v1/webhook_deliveries/${delivery.id}`), 404, 'resource_missing');
      expectError(await z.call('POST', `/v1/webhook_deliveries/${delivery.id}/replay`), 404, 'resource_missing');
      expectError(await z.call('GET', `/v1/events/${event.id}`), 404, 'resource_missing');
      expect(await listIds(app, z.apiKey, '/v1/webhook_endpoints')).toEqual([epZ.id]);
      expect(await listIds(app, z.apiKey, '/v1/events')).toEqual([]);
      expect(receiver.at('/zeta')).toEqual([]);
      expect(expectOk(await a.call('GET', `/v1/webhook_endpoints/${epA.id}`)).status).toBe('enabled');
    });
  });
});
