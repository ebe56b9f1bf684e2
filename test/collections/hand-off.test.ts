import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAuditClean, expectLedgerBalanced } from '../scenarios/scenario-helpers.ts';
import { popplerAvailable } from '../support/poppler.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { advanceClock, allMessages, invoiceScenario, iso, issueInvoice, readZip } from './support.ts';

const pdfText = (pdf: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'duly-packet-'));
  writeFileSync(join(dir, 'doc.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
};

/** Seed 004: the last step hands the case to collections, with a packet, and optionally a write-off. */
describe('collections hand-off', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('hands off at +30 with a write-off: case in collections, owner emailed, packet with statement, invoices and history; a late payment closes the case', async () => {
    const { api, customer, invoice } = await invoiceScenario(app, {
      name: 'Handoff Dental',
      at: '2027-03-01T10:00:00Z',
      ownerEmail: 'owner@dental.example',
      ladder: { write_off_on_hand_off: true },
    });
    // A second invoice a week later joins the same case when it is overdue.
    await advanceClock(api, '2027-03-08T10:00:00Z');
    const second = await issueInvoice(api, customer, 4_000, 14);
    await advanceClock(api, '2027-04-14T10:00:00Z');

    const [kase] = (await api.ok('GET', '/v1/collections')).data;
    expect(kase).toMatchObject({ customer, state: 'in_collections', written_off: true, invoice_count: 2, amount_overdue: 29_000, days_overdue: 30 });
    expect(iso(kase.handed_off_at)).toBe('2027-04-14T09:00:00.000Z');
    expect(kase.next_step).toBeNull();
    // Both invoices were written off: receivable moved to bad debt, still payable.
    for (const id of [invoice.id, second.id]) expect((await api.ok('GET', `/v1/invoices/${id}`)).status).toBe('uncollectible');
    const ledger = await expectLedgerBalanced(api, customer);
    const badDebt = ledger.filter((e) => e.account === 'bad_debt').reduce((sum, e) => sum + e.debit - e.credit, 0);
    expect(badDebt).toBe(29_000);
    // The second invoice (due 22 March) went with the case: its ladder stopped after its final notice, before its own +30.
    const secondReminders = async () => (await allMessages(api)).filter((m) => m.invoice === second.id).map((m) => m.template);
    const stoppedAt = [
      'invoice_issued',
      'reminder_upcoming',
      'reminder_due_today',
      'reminder_overdue',
      'collections:reminder_firm',
      'collections:reminder_final',
    ];
    expect(await secondReminders()).toEqual(stoppedAt);

    const owner = (await allMessages(api)).filter((m) => m.recipient === 'owner@dental.example');
    expect(owner.map((m) => [m.template, iso(m.sent_at)])).toEqual([['collections:handed_off_owner', '2027-04-14T09:00:00.000Z']]);
    expect(owner[0]!.text).toContain('$290.00');
    expect(owner[0]!.text).toContain(`/v1/collections/${kase.id}/packet`);

    const detail = await api.ok('GET', `/v1/collections/${kase.id}`);
    const first = detail.invoices.find((i: any) => i.id === invoice.id);
    expect(first.reminders).toBe('handed_off');
    const handOff = first.steps.find((s: any) => s.key === 'hand_off');
    expect(handOff).toMatchObject({ status: 'done', messages: [{ channel: 'email', recipient: 'mara@example.com', status: 'sent' }] });
    expect(handOff.actions).toEqual([{ type: 'hand_off', outcome: 'done', id: kase.id }]);

    const packet = await app.server.inject({ method: 'GET', url: `/v1/collections/${kase.id}/packet`, headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(packet.statusCode).toBe(200);
    expect(packet.headers['content-type']).toBe('application/zip');
    const files = readZip(packet.rawPayload);
    expect([...files.keys()].sort()).toEqual(
      [`invoices/${invoice.number}.pdf`, `invoices/${second.number}.pdf`, 'reminder-history.csv', 'statement.pdf'].sort(),
    );
    for (const [name, content] of files) if (name.endsWith('.pdf')) expect(content.subarray(0, 5).toString(), name).toBe('%PDF-');
    const csv = files.get('reminder-history.csv')!.toString('utf8').trim().split('\r\n');
    expect(csv[0]).toContain('"channel"');
    expect(csv.filter((l) => l.startsWith(`"${invoice.number}"`)).map((l) => l.split(',')[1])).toEqual(
      ['upcoming', 'due_today', 'friendly', 'firm', 'final_notice', 'hand_off'].map((k) => `"${k}"`),
    );
    expect(csv.find((l) => l.includes('"firm"'))).toContain('"2027-03-25T09:00:00.000Z","email","mara@example.com"');
    if (popplerAvailable) {
      const statement = pdfText(files.get('statement.pdf')!);
      expect(statement).toContain(invoice.number);
      expect(statement).toContain(second.number);
      expect(pdfText(files.get(`invoices/${invoice.number}.pdf`)!)).toContain(invoice.number);
    }
    if (process.env.CI === 'true' || hasUnzip()) {
      const dir = mkdtempSync(join(tmpdir(), 'duly-zip-'));
      writeFileSync(join(dir, 'packet.zip'), packet.rawPayload);
      expect(execFileSync('unzip', ['-t', join(dir, 'packet.zip')], { encoding: 'utf8' })).toContain('No errors detected');
    }

    // Paid after hand-off: the first invoice, then the second; the owner hears of each, the case closes with the last.
    await advanceClock(api, '2027-04-20T10:00:00Z');
    expect(await secondReminders()).toEqual(stoppedAt);
    await api.ok('POST', `/v1/invoices/${invoice.id}/pay`, { paid_out_of_band: true });
    await advanceClock(api, '2027-04-20T10:05:00Z');
    expect((await api.ok('GET', `/v1/collections/${kase.id}`)).state).toBe('in_collections');
    await api.ok('POST', `/v1/invoices/${second.id}/pay`, { paid_out_of_band: true });
    await advanceClock(api, '2027-04-20T10:10:00Z');
    const closed = await api.ok('GET', `/v1/collections/${kase.id}`);
    expect(closed).toMatchObject({ state: 'closed', closed_reason: 'paid', amount_overdue: 0 });
    const notices = (await allMessages(api)).filter((m) => m.template === 'collections:paid_after_hand_off_owner');
    expect(notices.map((m) => [m.recipient, iso(m.sent_at)])).toEqual([
      ['owner@dental.example', '2027-04-20T10:00:00.000Z'],
      ['owner@dental.example', '2027-04-20T10:05:00.000Z'],
    ]);
    expect(notices[0]!.text).toContain('stays in collections');
    expect(notices[1]!.text).toContain('now closed');
    // Money recovered from bad debt: nothing left there, nothing receivable.
    const after = await expectLedgerBalanced(api, customer);
    expect(after.filter((e) => e.account === 'bad_debt').reduce((sum, e) => sum + e.debit - e.credit, 0)).toBe(0);
    expect((await api.ok('GET', `/v1/customers/${customer}`)).balance).toBe(0);
    await expectAuditClean(app);
  });

  it('orders the work queue by amount x days overdue, and hides another business’s cases (404)', async () => {
    const a = await invoiceScenario(app, { name: 'Queue Studio', at: '2027-03-01T10:00:00Z', amount: 10_000, daysUntilDue: 0 });
    const big = await a.api.ok('POST', '/v1/customers', { name: 'Big Recent', email: 'big@example.com' });
    await a.api.ok('POST', '/v1/customers', { name: 'Nobody' });
    await advanceClock(a.api, '2027-03-08T10:00:00Z');
    await issueInvoice(a.api, big.id, 50_000, 0);
    await advanceClock(a.api, '2027-03-11T10:00:00Z');
    const queue = (await a.api.ok('GET', '/v1/collections')).data;
    // 10,000 x 10 days = 100,000 vs 50,000 x 3 days = 150,000.
    expect(queue.map((c: any) => [c.customer_name, c.amount_overdue, c.days_overdue, c.priority])).toEqual([
      ['Big Recent', 50_000, 3, 150_000],
      ['Mara Ozola', 10_000, 10, 100_000],
    ]);
    const page = await a.api.ok('GET', `/v1/collections?limit=1&starting_after=${queue[0].id}`);
    expect(page.data.map((c: any) => c.id)).toEqual([queue[1].id]);

    const other = await invoiceScenario(app, { name: 'Other Studio', at: '2027-03-01T10:00:00Z' });
    for (const url of [`/v1/collections/${queue[0].id}`, `/v1/collections/${queue[0].id}/packet`]) {
      const res = await app.api(other.api.apiKey, 'GET', url);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('resource_missing');
    }
    expect((await other.api.ok('GET', '/v1/collections?state=all')).data).toEqual([]);
  });
});

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
