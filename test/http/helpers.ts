import { expect } from 'vitest';
import type { TestApp } from '../support/test-app.ts';

type Response = Awaited<ReturnType<TestApp['api']>>;

/** Asserts the one documented error shape `{ error: { type, code, message, param?, request_id } }`. */
export function expectError(res: Response, status: number, code: string, param?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({ error: expect.any(Object) });
  const e = res.body.error;
  expect(e.code).toBe(code);
  expect(typeof e.type).toBe('string');
  expect(e.type.length).toBeGreaterThan(0);
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.request_id).toMatch(/^req_[0-9a-f]+$/);
  if (param !== undefined) expect(e.param).toBe(param);
  const allowed = ['type', 'code', 'message', 'param', 'request_id'];
  for (const k of Object.keys(e)) expect(allowed).toContain(k);
  return e as { type: string; code: string; message: string; param?: string; request_id: string };
}

/** A 4xx, never a 500, and in the documented shape. */
export function expectClientError(res: Response) {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  expect(typeof res.body?.error?.code).toBe('string');
  expect(res.body.error.request_id).toMatch(/^req_/);
}

export function expectOk(res: Response) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The ids of a full (up to 100) list, to compare before and after a rejected write. */
export async function listIds(app: TestApp, apiKey: string, url: string): Promise<string[]> {
  const sep = url.includes('?') ? '&' : '?';
  const res = await app.api(apiKey, 'GET', `${url}${sep}limit=100`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.object).toBe('list');
  return res.body.data.map((o: { id: string }) => o.id);
}

/** Builds the usual objects of a business through the API. */
export function fixtures(app: TestApp, apiKey: string) {
  return {
    async customer(body: Record<string, unknown> = {}) {
      return expectOk(await app.api(apiKey, 'POST', '/v1/customers', { name: 'Anna Bērziņa', ...body }));
    },
    async card(customerId: string, token = 'pm_card_visa') {
      return expectOk(await app.api(apiKey, 'POST', `/v1/customers/${customerId}/payment_methods`, { token }));
    },
    async product(name = 'Membership') {
      return expectOk(await app.api(apiKey, 'POST', '/v1/products', { name }));
    },
    async price(body: Record<string, unknown> = {}) {
      const product = body.product ?? (await this.product()).id;
      return expectOk(await app.api(apiKey, 'POST', '/v1/prices', { product, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' }, ...body }));
    },
    async oneOffPrice(unitAmount = 1500) {
      return this.price({ unit_amount: unitAmount, recurring: null });
    },
    /** An open send_invoice invoice for a one-off amount. */
    async openInvoice(customerId: string, unitAmount = 10_000) {
      const draft = expectOk(
        await app.api(apiKey, 'POST', '/v1/invoices', {
          customer: customerId,
          lines: [{ description: 'Personal training', unit_amount: unitAmount, quantity: 1 }],
        }),
      );
      return expectOk(await app.api(apiKey, 'POST', `/v1/invoices/${draft.id}/finalize`));
    },
  };
}
