import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import { type Api, newCustomer, openTenant } from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const CHECK = 'invoice receivable in the ledger differs from the invoice';

/** A balanced journal written behind the use cases' back, as a buggy posting would. */
async function tamper(app: TestApp, api: Api, journal: string, invoiceId: string | null, amount: number) {
  await app.ctx.db.execute(
    sql`insert into ledger_entries (tenant_id, id, journal_id, customer_id, invoice_id, account, debit, credit, currency, source_type, source_id, created_at)
        values (${api.tenantId}, ${`le_${journal}_a`}, ${journal}, null, ${invoiceId}, 'accounts_receivable', 0, ${amount}, 'usd', 'manual', 'x', now()),
               (${api.tenantId}, ${`le_${journal}_b`}, ${journal}, null, null, 'cash', ${amount}, 0, 'usd', 'manual', 'x', now())`,
  );
}

describe('duly audit: each invoice receivable in the ledger matches the invoice', () => {
  let app: TestApp;
  let api: Api;
  let open: any;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Audit Studio', at: '2027-03-01T10:00:00Z' });
    const customer = await newCustomer(api, 'Eve');
    const invoice = async (amount: number) => {
      const draft = await api.ok('POST', '/v1/invoices', { customer, days_until_due: 7, lines: [{ description: 'Class pack', unit_amount: amount }] });
      return api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
    };
    open = await invoice(4000);
    await api.ok('POST', '/v1/payments', { customer, invoice: open.id, amount: 1500, method: 'cash' });
    const paid = await invoice(1000);
    await api.ok('POST', `/v1/invoices/${paid.id}/pay`, { paid_out_of_band: true });
    const voided = await invoice(700);
    await api.ok('POST', `/v1/invoices/${voided.id}/void`);
    const writtenOff = await invoice(900);
    await api.ok('POST', `/v1/invoices/${writtenOff.id}/mark_uncollectible`);
    await api.ok('POST', '/v1/payments', { customer, invoice: writtenOff.id, amount: 200, method: 'cash' });
    await api.ok('POST', '/v1/credit_notes', { invoice: open.id, amount: 500 });
  });
  afterAll(() => app.stop());

  it('passes for open, part-paid, paid, void and uncollectible-then-part-paid invoices', async () => {
    expect(await runAudit(app.ctx.db)).toEqual([]);
  });

  it('names the invoice whose receivable lines do not add up to what it still owes', async () => {
    await tamper(app, api, 'jrn_wrong_invoice', open.id, 300);
    const found = (await runAudit(app.ctx.db)).filter((v) => v.check === CHECK);
    expect(found).toHaveLength(1);
    expect(found[0]!.detail).toMatchObject({ id: open.id, status: 'open' });
    expect(Number(found[0]!.detail.amount_remaining)).toBe(2000);
    expect(Number(found[0]!.detail.ledger_receivable)).toBe(1700);
  });

  it('reports a receivable line that names no invoice (aging could not place it)', async () => {
    await tamper(app, api, 'jrn_no_invoice', null, 100);
    const found = (await runAudit(app.ctx.db)).filter((v) => v.check === CHECK);
    expect(found.map((v) => v.detail.id)).toEqual(expect.arrayContaining([open.id, null]));
    expect(Number(found.find((v) => v.detail.id === null)!.detail.ledger_receivable)).toBe(-100);
  });
});
