import { inflateRawSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { tenants } from '../../src/modules/tenants/index.ts';
import { type Api, advanceTo, openTenant } from '../scenarios/scenario-helpers.ts';
import type { TestApp } from '../support/test-app.ts';

export type Message = {
  id: string;
  template: string;
  recipient: string;
  customer: string | null;
  status: string;
  sent_at: number | null;
  text: string;
  subject: string;
  invoice: string | null;
  channel: string;
  scheduled_for: number | null;
  created: number;
};

export const iso = (unixSeconds: number | null) => (unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString());

/** A business on a test clock at `at`, with a client who is emailed, and one open send_invoice invoice. */
export async function invoiceScenario(
  app: TestApp,
  o: { name: string; at: string; amount?: number; daysUntilDue?: number; ownerEmail?: string; ladder?: unknown },
) {
  const api = await openTenant(app, { name: o.name, at: o.at });
  if (o.ownerEmail) await api.ok('POST', '/v1/business', { owner_email: o.ownerEmail });
  if (o.ladder) await api.ok('POST', '/v1/settings/reminder_ladder', o.ladder);
  const customer = await api.ok('POST', '/v1/customers', { name: 'Mara Ozola', email: 'mara@example.com' });
  const invoice = await issueInvoice(api, customer.id, o.amount ?? 25_000, o.daysUntilDue ?? 14);
  return { api, customer: customer.id as string, invoice };
}

export async function issueInvoice(api: Api, customer: string, amount: number, daysUntilDue: number) {
  const draft = await api.ok('POST', '/v1/invoices', {
    customer,
    days_until_due: daysUntilDue,
    lines: [{ description: 'Workshop series', unit_amount: amount, quantity: 1 }],
  });
  return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
}

export async function allMessages(api: Api): Promise<Message[]> {
  const list = await api.ok('GET', '/v1/messages?limit=100');
  return [...list.data].reverse();
}

/** Every reminder-ish message about an invoice, oldest first: [template, sent_at ISO, status]. */
export async function remindersOf(api: Api, invoiceId: string) {
  return (await allMessages(api))
    .filter((m) => m.invoice === invoiceId && m.template !== 'invoice_issued' && m.template !== 'payment_receipt')
    .map((m) => [m.template, iso(m.sent_at), m.status] as const);
}

/** The scheduler was down: the business's clock jumps without any due work being run. */
export async function skipTimeWithoutScheduler(app: TestApp, api: Api, to: string) {
  await app.ctx.db
    .update(tenants)
    .set({ testClockAt: new Date(to) })
    .where(eq(tenants.id, api.tenantId));
}

export async function advanceClock(api: Api, to: string) {
  return advanceTo(api, to);
}

/** Reads a ZIP archive's entries (the packet) the way any unzip tool would: from the central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
