import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rows } from '../../src/platform/db/tx.ts';
import type { TestApp } from '../support/test-app.ts';

/** What an owner reads off an invoice or subscription: local calendar date and wall-clock time. */
export function localParts(unixSeconds: number, timeZone: string): { date: string; time: string; year: number } {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(format.formatToParts(new Date(unixSeconds * 1000)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}`, year: Number(p.year) };
}

function offsetMs(utcMs: number, timeZone: string): number {
  const p = localParts(Math.floor(utcMs / 1000), timeZone);
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = p.time.split(':').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hh, mm, ss) - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a local wall-clock time happens in a zone (no skipped or repeated hours are used here). */
export function localInstant(date: string, timeZone: string, time = '00:00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  let t = wall;
  for (let i = 0; i < 4; i++) t = wall - offsetMs(t, timeZone);
  return new Date(t);
}

export const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const isoDate = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A tenant's API, failing loudly (with the error body) when a call that should work does not. */
export type Api = {
  apiKey: string;
  tenantId: string;
  call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: any }>;
  ok(method: 'GET' | 'POST', url: string, body?: unknown): Promise<any>;
};

export async function openTenant(app: TestApp, options: { name: string; timezone?: string; currency?: string; at?: string | Date }): Promise<Api> {
  const { ctx, apiKey } = await app.tenant({ name: options.name, timezone: options.timezone ?? 'UTC', currency: options.currency ?? 'usd' });
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) => app.api(apiKey, method, url, body);
  const ok = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await call(method, url, body);
    if (response.status !== 200) throw new Error(`${method} ${url} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const api = { apiKey, tenantId: ctx.id, call, ok };
  if (options.at) await advanceTo(api, options.at);
  return api;
}

export async function advanceTo(api: Api, to: string | Date) {
  return api.ok('POST', '/v1/test_clock/advance', { to: typeof to === 'string' ? to : to.toISOString() });
}

export async function advanceDays(api: Api, days: number) {
  return api.ok('POST', '/v1/test_clock/advance', { days });
}

export async function clockNow(api: Api): Promise<Date> {
  return new Date((await api.ok('GET', '/v1/test_clock')).frozen_time);
}

export async function monthlyPrice(
  api: Api,
  unitAmount: number,
  options: { currency?: string; nickname?: string; taxRate?: string; interval?: 'day' | 'week' | 'month' | 'year' } = {},
): Promise<string> {
  const product = await api.ok('POST', '/v1/products', { name: options.nickname ?? `Plan ${unitAmount}` });
  const price = await api.ok('POST', '/v1/prices', {
    product: product.id,
    currency: options.currency ?? 'usd',
    unit_amount: unitAmount,
    ...(options.nickname ? { nickname: options.nickname } : {}),
    ...(options.taxRate ? { tax_rate: options.taxRate } : {}),
    recurring: { interval: options.interval ?? 'month' },
  });
  return price.id;
}

export async function newCustomer(api: Api, name: string, card?: string): Promise<string> {
  const customer = await api.ok('POST', '/v1/customers', { name });
  if (card) await api.ok('POST', `/v1/customers/${customer.id}/payment_methods`, { token: card });
  return customer.id;
}

/** Every invoice of a customer, oldest first (by finalisation, then number). */
export async function invoicesOf(api: Api, customer: string): Promise<any[]> {
  const list = await api.ok('GET', `/v1/invoices?customer=${customer}&limit=100`);
  expect(list.has_more).toBe(false);
  return [...list.data].sort((a: any, b: any) => sequenceOf(a.number) - sequenceOf(b.number));
}

export const sequenceOf = (number: string | null) => (number ? Number(number.split('-')[2]) : Number.MAX_SAFE_INTEGER);

export async function customerBalances(api: Api, customer: string): Promise<{ balance: number; credit_balance: number; receivable: number }> {
  return api.ok('GET', `/v1/customers/${customer}`);
}

/** The customer's journal must balance: every posting has its other side. */
export async function expectLedgerBalanced(api: Api, customer: string) {
  const ledger = await api.ok('GET', `/v1/customers/${customer}/ledger?limit=100`);
  expect(ledger.has_more).toBe(false);
  const byJournal = new Map<string, number>();
  for (const e of ledger.data) byJournal.set(e.journal, (byJournal.get(e.journal) ?? 0) + e.debit - e.credit);
  for (const [journal, net] of byJournal) expect({ journal, net }).toEqual({ journal, net: 0 });
  return ledger.data as { account: string; debit: number; credit: number; source_type: string; source: string }[];
}

export async function expectAuditClean(app: TestApp) {
  const { runAudit } = await import('../../src/cli/audit.ts');
  expect(await runAudit(app.ctx.db)).toEqual([]);
}

/** The sandbox gateway's own books for the charges made through one invoice's attempts. */
export async function gatewayChargesFor(app: TestApp, invoiceId: string) {
  return rows<{ charge_id: string; status: string; amount: number | string }>(
    app.ctx.db,
    sql`select c.charge_id, c.status, c.amount from sandbox_charges c
        join payment_attempts a on a.idempotency_key = c.idempotency_key
        where a.invoice_id = ${invoiceId} order by c.created_at`,
  );
}
