import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispute, hasOpenDispute, openDispute, recordEvidenceSubmitted } from '../../src/modules/disputes/index.ts';
import { inTenantTx, rows } from '../../src/platform/db/tx.ts';
import { expectError as expectErrorShape } from '../http/helpers.ts';
import {
  type Api,
  advanceDays,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  monthlyPrice,
  newCustomer,
  openTenant,
} from '../scenarios/scenario-helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TZ = 'Europe/Riga';

/** The documented error shape, for calls made through a scenario Api (which does not return headers). */
const expectError = (res: { status: number; body: any }, status: number, code: string, param?: string) =>
  expectErrorShape({ ...res, headers: {} }, status, code, param);
const OWNER = 'owner@harbor.example';
// 23:59:59 UTC on 15 June is already 16 June in Riga: the owner reads the deadline in their own zone.
const DUE_BY = Math.floor(Date.parse('2027-06-15T23:59:59Z') / 1000);

describe('disputes (chargebacks)', () => {
  let app: TestApp;
  let api: Api;
  let plan: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Harbor Pilates', timezone: TZ, at: '2027-06-01T09:00:00Z' });
    await api.ok('POST', '/v1/business', { owner_email: OWNER });
    plan = await monthlyPrice(api, 5000, { nickname: 'Monthly' });
  });
  afterAll(() => app.stop());

  /** A member who paid their first month by card: the customer, the paid invoice and its payment. */
  async function paidByCard(name: string) {
    const customer = await newCustomer(api, name, 'pm_card_visa');
    await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: plan }] });
    const [invoice] = await invoicesOf(api, customer);
    expect(invoice.status).toBe('paid');
    const [payment] = (await api.ok('GET', `/v1/payments?invoice=${invoice.id}`)).data;
    expect(payment).toMatchObject({ method: 'card', amount: 5000 });
    return { customer, invoice, payment };
  }

  /** The business's books: net debit per account. */
  async function accounts(): Promise<Record<string, number>> {
    const result = await rows<{ account: string; net: string | number }>(
      app.ctx.db,
      sql`select account, sum(debit - credit) as net from ledger_entries where tenant_id = ${api.tenantId} group by account`,
    );
    return Object.fromEntries(result.map((r) => [r.account, Number(r.net)]));
  }

  /** Everything a dispute can write, to prove that a refused or repeated call wrote nothing. */
  async function footprint() {
    const [r] = await rows<Record<string, string | number>>(
      app.ctx.db,
      sql`select (select count(*) from ledger_entries where tenant_id = ${api.tenantId}) as ledger,
                 (select count(*) from outbox where tenant_id = ${api.tenantId}) as outbox,
                 (select count(*) from messages where tenant_id = ${api.tenantId}) as messages,
                 (select count(*) from disputes where tenant_id = ${api.tenantId}) as disputes`,
    );
    return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
  }

  const ownerMail = async (template: string) =>
    ((await api.ok('GET', '/v1/messages?limit=100')).data as any[]).filter((m) => m.template === `disputes:${template}` && m.recipient === OWNER);

  const isOpen = (invoiceId: string) => inTenantTx(app.ctx.db, api.tenantId, (tx) => hasOpenDispute(tx, api.tenantId, invoiceId));

  describe('a dispute that is answered and won', () => {
    let member: Awaited<ReturnType<typeof paidByCard>>;
    let dispute: any;
    let before: Record<string, number>;

    it('opening it withdraws the funds and the fee, leaves the invoice paid and emails the owner the deadline', async () => {
      member = await paidByCard('Disputing Dana');
      before = await accounts();
      dispute = await api.ok('POST', '/v1/disputes', { payment: member.payment.id, reason: 'fraudulent', evidence_due_by: DUE_BY, fee: 1500 });
      expect(dispute).toMatchObject({
        object: 'dispute',
        payment: member.payment.id,
        invoice: member.invoice.id,
        customer: member.customer,
        amount: 5000,
        currency: 'usd',
        fee: 1500,
        reason: 'fraudulent',
        status: 'needs_response',
        outcome: null,
        evidence_details: { due_by: DUE_BY, submitted_at: null, has_evidence: false, past_due: false },
      });

      const after = await accounts();
      expect(after.disputes ?? 0).toBe((before.disputes ?? 0) + 5000);
      expect(after.dispute_fees ?? 0).toBe((before.dispute_fees ?? 0) + 1500);
      expect(after.gateway_clearing).toBe(before.gateway_clearing! - 6500);
      const ledger = await expectLedgerBalanced(api, member.customer);
      const lines = ledger.filter((e) => e.source_type === 'dispute').map((e) => ({ account: e.account, debit: e.debit, credit: e.credit }));
      expect(lines).toEqual(
        expect.arrayContaining([
          { account: 'disputes', debit: 5000, credit: 0 },
          { account: 'dispute_fees', debit: 1500, credit: 0 },
          { account: 'gateway_clearing', debit: 0, credit: 6500 },
        ]),
      );
      expect(lines).toHaveLength(3);

      // The client owes nothing more: the invoice is paid, the money went back through the network.
      expect(await api.ok('GET', `/v1/invoices/${member.invoice.id}`)).toMatchObject({ status: 'paid', amount_remaining: 0 });
      expect(await api.ok('GET', `/v1/customers/${member.customer}`)).toMatchObject({ balance: 0, receivable: 0, credit_balance: 0 });
      expect(await isOpen(member.invoice.id)).toBe(true);

      const [mail] = await ownerMail('dispute_opened_owner');
      expect(mail.subject).toBe(`Chargeback: Disputing Dana disputes $50.00 (invoice ${member.invoice.number})`);
      expect(mail.text).toContain('June 16, 2027');
      expect(mail.text).toContain('$15.00');
      expect(mail.text).toContain('did not make this payment (fraud)');
      expect(mail.text).toContain(`/app/disputes/${dispute.id}`);

      const events = await api.ok('GET', '/v1/events?type=dispute.opened');
      expect(events.data.map((e: any) => e.data)).toContainEqual(
        expect.objectContaining({ dispute: dispute.id, invoice: member.invoice.id, payment: member.payment.id }),
      );
    });

    it('evidence is saved as a draft, then submitted: the dispute is under review and the evidence frozen', async () => {
      const draft = await api.ok('POST', `/v1/disputes/${dispute.id}/evidence`, {
        product_description: 'Monthly pilates membership, 8 classes attended in June.',
        receipt: { filename: 'receipt-june.pdf', content_type: 'application/pdf', size: 48213 },
      });
      expect(draft.status).toBe('needs_response');
      expect(draft.evidence).toMatchObject({
        product_description: 'Monthly pilates membership, 8 classes attended in June.',
        receipt: { filename: 'receipt-june.pdf', content_type: 'application/pdf', size: 48213 },
        customer_communication: null,
      });
      expect(draft.evidence_details).toMatchObject({ has_evidence: true, submitted_at: null });

      await advanceDays(api, 2);
      const submitted = await api.ok('POST', `/v1/disputes/${dispute.id}/evidence`, {
        customer_communication: { filename: 'emails.pdf', content_type: 'application/pdf', size: 1200 },
        submit: true,
      });
      expect(submitted.status).toBe('under_review');
      expect(submitted.evidence.product_description).toContain('8 classes');
      expect(submitted.evidence.customer_communication).toMatchObject({ filename: 'emails.pdf' });
      expect(submitted.evidence_details.submitted_at).toBe(Math.floor(Date.parse('2027-06-03T09:00:00Z') / 1000));

      const again = await api.call('POST', `/v1/disputes/${dispute.id}/evidence`, { uncategorized_text: 'one more thing' });
      expectError(again, 409, 'invalid_state_transition');
      expect(await isOpen(member.invoice.id)).toBe(true);
    });

    it('winning returns the funds; the fee stays with the network by default; the owner is told', async () => {
      const beforeWin = await accounts();
      const won = await api.ok('POST', `/v1/disputes/${dispute.id}/close`, { outcome: 'won' });
      expect(won).toMatchObject({ status: 'won', outcome: 'won', fee_returned: false });
      const after = await accounts();
      expect(after.disputes).toBe(beforeWin.disputes! - 5000);
      expect(after.gateway_clearing).toBe(beforeWin.gateway_clearing! + 5000);
      expect(after.dispute_fees).toBe(beforeWin.dispute_fees);
      // Against the books before the dispute: only the fee is gone.
      expect(after.gateway_clearing).toBe(before.gateway_clearing! - 1500);
      expect(await isOpen(member.invoice.id)).toBe(false);

      const [mail] = await ownerMail('dispute_closed_owner');
      expect(mail.subject).toBe(`Dispute won: $50.00 from Disputing Dana (invoice ${member.invoice.number})`);
      expect(mail.text).toContain('The dispute fee of $15.00 is not returned.');

      // Closing again with the same outcome changes nothing; the other outcome is refused.
      const quiet = await footprint();
      expect(await api.ok('POST', `/v1/disputes/${dispute.id}/close`, { outcome: 'won' })).toMatchObject({ status: 'won' });
      expect(await footprint()).toEqual(quiet);
      expectError(await api.call('POST', `/v1/disputes/${dispute.id}/close`, { outcome: 'lost' }), 409, 'invalid_state_transition');
      expect(await footprint()).toEqual(quiet);
      await expectLedgerBalanced(api, member.customer);
    });

    it('a won dispute whose fee the gateway returns gives the fee back too', async () => {
      const other = await paidByCard('Refunded Fee Rita');
      const opened = await api.ok('POST', '/v1/disputes', { payment: other.payment.id, reason: 'duplicate', evidence_due_by: DUE_BY, fee: 1500 });
      const beforeWin = await accounts();
      await api.ok('POST', `/v1/disputes/${opened.id}/close`, { outcome: 'won', fee_returned: true });
      const after = await accounts();
      expect(after.gateway_clearing).toBe(beforeWin.gateway_clearing! + 6500);
      expect(after.dispute_fees).toBe(beforeWin.dispute_fees! - 1500);
    });
  });

  describe('a dispute that is lost', () => {
    it('moves the withdrawn funds to chargeback losses; the invoice stays paid and the owner is told', async () => {
      const member = await paidByCard('Lost Case Lena');
      const opened = await api.ok('POST', '/v1/disputes', {
        payment: member.payment.id,
        amount: 3000,
        reason: 'product_not_received',
        evidence_due_by: DUE_BY,
      });
      expect(opened).toMatchObject({ amount: 3000, fee: 0 });
      const before = await accounts();
      const lost = await api.ok('POST', `/v1/disputes/${opened.id}/close`, { outcome: 'lost' });
      expect(lost).toMatchObject({ status: 'lost', outcome: 'lost' });
      const after = await accounts();
      expect(after.disputes).toBe(before.disputes! - 3000);
      expect(after.chargeback_losses ?? 0).toBe((before.chargeback_losses ?? 0) + 3000);
      expect(after.gateway_clearing).toBe(before.gateway_clearing);
      expect(await api.ok('GET', `/v1/invoices/${member.invoice.id}`)).toMatchObject({ status: 'paid' });
      expect(await api.ok('GET', `/v1/customers/${member.customer}`)).toMatchObject({ balance: 0 });
      const mails = await ownerMail('dispute_closed_owner');
      expect(mails.find((m) => m.subject.startsWith('Dispute lost: $30.00 from Lost Case Lena'))).toBeDefined();
      await expectLedgerBalanced(api, member.customer);

      // What is left of the payment can still be disputed; more than that cannot.
      expectError(
        await api.call('POST', '/v1/disputes', { payment: member.payment.id, amount: 2001, reason: 'general', evidence_due_by: DUE_BY }),
        400,
        'dispute_exceeds_payment',
        'amount',
      );
      expect(await api.ok('POST', '/v1/disputes', { payment: member.payment.id, reason: 'general', evidence_due_by: DUE_BY })).toMatchObject({ amount: 2000 });
    });
  });

  describe('a returned bank payment', () => {
    it('is withdrawn from the bank account (cash), not from the gateway', async () => {
      const customer = await newCustomer(api, 'Bank Transfer Ben');
      const draft = await api.ok('POST', '/v1/invoices', { customer, lines: [{ description: 'Workshop', unit_amount: 8000 }], days_until_due: 7 });
      const invoice = await api.ok('POST', `/v1/invoices/${draft.id}/finalize`);
      const payment = await api.ok('POST', '/v1/payments', { customer, invoice: invoice.id, amount: 8000, method: 'bank_transfer', reference: 'SEPA 7' });
      const before = await accounts();
      const opened = await api.ok('POST', '/v1/disputes', { payment: payment.id, reason: 'debit_not_authorized', evidence_due_by: DUE_BY, fee: 300 });
      expect(opened).toMatchObject({ amount: 8000, invoice: invoice.id, customer });
      const after = await accounts();
      expect(after.cash).toBe(before.cash! - 8300);
      expect(after.gateway_clearing).toBe(before.gateway_clearing);
      await api.ok('POST', `/v1/disputes/${opened.id}/close`, { outcome: 'won' });
      expect((await accounts()).cash).toBe(before.cash! - 300);
    });
  });

  describe('gateway disputes (Stripe webhooks call the use cases)', () => {
    it('a repeated dispute with the same gateway id writes nothing and returns the first', async () => {
      const member = await paidByCard('Webhook Wanda');
      const tenant = await app.reload(api.tenantId);
      const input = {
        paymentId: member.payment.id,
        amount: 5000,
        reason: 'unrecognized',
        evidenceDueBy: new Date(DUE_BY * 1000),
        gatewayDisputeId: 'dp_1Gateway',
        fee: 1500,
      };
      const first = await inTenantTx(app.ctx.db, api.tenantId, (tx) => openDispute(tx, tenant, input));
      const written = await footprint();
      const second = await inTenantTx(app.ctx.db, api.tenantId, (tx) => openDispute(tx, tenant, input));
      expect(second.id).toBe(first.id);
      expect(await footprint()).toEqual(written);
      expect(await api.ok('GET', `/v1/disputes/${first.id}`)).toMatchObject({ gateway_dispute: 'dp_1Gateway', reason: 'unrecognized' });

      // Evidence sent from the gateway's own dashboard: under review, once.
      const reviewed = await inTenantTx(app.ctx.db, api.tenantId, (tx) => recordEvidenceSubmitted(tx, tenant, { gatewayDisputeId: 'dp_1Gateway' }));
      expect(reviewed).toMatchObject({ status: 'under_review', evidenceSubmittedAt: tenant.now });
      const again = await inTenantTx(app.ctx.db, api.tenantId, (tx) => recordEvidenceSubmitted(tx, tenant, { gatewayDisputeId: 'dp_1Gateway' }));
      expect(again.updatedAt).toEqual(reviewed.updatedAt);
      expect(await isOpen(member.invoice.id)).toBe(true);

      const closed = await inTenantTx(app.ctx.db, api.tenantId, (tx) => closeDispute(tx, tenant, { gatewayDisputeId: 'dp_1Gateway', outcome: 'lost' }));
      expect(closed.status).toBe('lost');
      const afterClose = await footprint();
      await inTenantTx(app.ctx.db, api.tenantId, (tx) => closeDispute(tx, tenant, { gatewayDisputeId: 'dp_1Gateway', outcome: 'lost' }));
      expect(await footprint()).toEqual(afterClose);
      const events = await api.ok('GET', '/v1/events?type=dispute.closed');
      expect(events.data.filter((e: any) => e.data.dispute === first.id).map((e: any) => e.data)).toEqual([
        { dispute: first.id, invoice: member.invoice.id, outcome: 'lost' },
      ]);
    });
  });

  describe('refusals', () => {
    it('more than the payment is refused with 400 and nothing is written', async () => {
      const member = await paidByCard('Too Much Tom');
      await api.ok('POST', '/v1/refunds', { payment: member.payment.id, amount: 1000 });
      const before = await footprint();
      const tooMuch = await api.call('POST', '/v1/disputes', { payment: member.payment.id, amount: 4001, reason: 'general', evidence_due_by: DUE_BY });
      const e = expectError(tooMuch, 400, 'dispute_exceeds_payment', 'amount');
      expect(e.message).toContain('4000');
      expect(await footprint()).toEqual(before);
    });

    it('bad input is a 400 and writes nothing', async () => {
      const member = await paidByCard('Bad Input Bea');
      const before = await footprint();
      const post = (body: object) => api.call('POST', '/v1/disputes', { payment: member.payment.id, reason: 'general', evidence_due_by: DUE_BY, ...body });
      expectError(await post({ reason: 'bored' }), 400, 'parameter_invalid');
      expectError(await post({ evidence_due_by: 'next week' }), 400, 'parameter_invalid');
      expectError(await post({ evidence_due_by: Math.floor(Date.parse('2027-05-01T00:00:00Z') / 1000) }), 400, 'parameter_invalid', 'evidence_due_by');
      expectError(await post({ amount: -5 }), 400, 'parameter_invalid');
      expectError(await post({ fee: 1.5 }), 400, 'parameter_invalid');
      expectError(await post({ payment: 'py_nope' }), 404, 'resource_missing', 'payment');
      const cash = await api.ok('POST', '/v1/payments', { customer: member.customer, amount: 2000, method: 'cash' });
      const afterCash = await footprint();
      expectError(await post({ payment: cash.id }), 400, 'payment_not_disputable', 'payment');
      expect(await footprint()).toEqual(afterCash);
      expect(afterCash.disputes).toBe(before.disputes);
    });

    it('evidence after the deadline is refused with 409 dispute_evidence_past_due', async () => {
      const member = await paidByCard('Late Answer Liam');
      const now = Math.floor(Date.parse((await api.ok('GET', '/v1/test_clock')).frozen_time) / 1000);
      const opened = await api.ok('POST', '/v1/disputes', { payment: member.payment.id, reason: 'subscription_canceled', evidence_due_by: now + 3 * 86_400 });
      await advanceDays(api, 4);
      expect((await api.ok('GET', `/v1/disputes/${opened.id}`)).evidence_details.past_due).toBe(true);
      const late = await api.call('POST', `/v1/disputes/${opened.id}/evidence`, {
        cancellation_rebuttal: 'They attended classes after cancelling.',
        submit: true,
      });
      expectError(late, 409, 'dispute_evidence_past_due');
      expect(await api.ok('GET', `/v1/disputes/${opened.id}`)).toMatchObject({ status: 'needs_response', evidence: { cancellation_rebuttal: null } });
      // The issuer still decides; a bank letter is recorded by hand.
      expect(await api.ok('POST', `/v1/disputes/${opened.id}/close`, { outcome: 'lost' })).toMatchObject({ status: 'lost' });
    });

    it('submitting with no evidence at all is refused', async () => {
      const member = await paidByCard('Empty Emma');
      const opened = await api.ok('POST', '/v1/disputes', { payment: member.payment.id, reason: 'general', evidence_due_by: DUE_BY + 30 * 86_400 });
      expectError(await api.call('POST', `/v1/disputes/${opened.id}/evidence`, { submit: true }), 400, 'parameter_missing');
      expectError(await api.call('POST', `/v1/disputes/${opened.id}/evidence`, { favourite_colour: 'blue' }), 400, 'parameter_unknown');
    });
  });

  describe('listing and other businesses', () => {
    it('lists newest first with status and customer filters and cursor pages', async () => {
      const all = await api.ok('GET', '/v1/disputes?limit=100');
      expect(all.data.length).toBeGreaterThanOrEqual(5);
      const ids = all.data.map((d: any) => d.id);
      expect([...ids].sort().reverse()).toEqual(ids);
      const lost = await api.ok('GET', '/v1/disputes?status=lost&limit=100');
      expect(lost.data.length).toBeGreaterThan(0);
      expect(lost.data.every((d: any) => d.status === 'lost')).toBe(true);
      const one = all.data[0];
      const mine = await api.ok('GET', `/v1/disputes?customer=${one.customer}`);
      expect(mine.data.every((d: any) => d.customer === one.customer)).toBe(true);
      const page1 = await api.ok('GET', '/v1/disputes?limit=2');
      expect(page1.has_more).toBe(true);
      const page2 = await api.ok('GET', `/v1/disputes?limit=2&starting_after=${page1.data[1].id}`);
      expect(page2.data.map((d: any) => d.id)).toEqual(ids.slice(2, 4));
      expectError(await api.call('GET', '/v1/disputes?status=pending'), 400, 'parameter_invalid');
    });

    it('another business sees none of it (404) and cannot dispute this business payments', async () => {
      const [dispute] = (await api.ok('GET', '/v1/disputes?status=needs_response')).data;
      const payment = dispute.payment;
      const other = await openTenant(app, { name: 'Other Studio' });
      const before = await footprint();
      expectError(await other.call('GET', `/v1/disputes/${dispute.id}`), 404, 'resource_missing');
      expectError(await other.call('POST', `/v1/disputes/${dispute.id}/evidence`, { uncategorized_text: 'x' }), 404, 'resource_missing');
      expectError(await other.call('POST', `/v1/disputes/${dispute.id}/close`, { outcome: 'won' }), 404, 'resource_missing');
      expectError(await other.call('POST', '/v1/disputes', { payment, reason: 'general', evidence_due_by: DUE_BY }), 404, 'resource_missing', 'payment');
      expect((await other.ok('GET', '/v1/disputes')).data).toEqual([]);
      expect(await footprint()).toEqual(before);
      expect((await api.ok('GET', `/v1/disputes/${dispute.id}`)).status).toBe('needs_response');
      expectError(await app.api(null, 'GET', '/v1/disputes'), 401, 'api_key_missing');
    });
  });

  it('the audit stays clean, and notices money held for a dispute that does not exist', async () => {
    await expectAuditClean(app);
    const { runAudit } = await import('../../src/cli/audit.ts');
    const { disputeOpenedPostings, postJournal } = await import('../../src/modules/ledger/index.ts');
    const source = { tenantId: api.tenantId, customerId: null, currency: 'usd', sourceType: 'dispute', sourceId: 'dp_phantom', at: new Date() };
    await inTenantTx(app.ctx.db, api.tenantId, (tx) => postJournal(tx, source, disputeOpenedPostings('gateway_clearing', 700, 0)));
    const violations = await runAudit(app.ctx.db);
    expect(violations.filter((v) => v.check === 'disputes account differs from the open disputes')).toHaveLength(1);
  });
});
