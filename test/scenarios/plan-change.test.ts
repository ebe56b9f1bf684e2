import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceTo,
  clockNow,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  localInstant,
  localParts,
  monthlyPrice,
  newCustomer,
  openTenant,
} from './scenario-helpers.ts';

const TZ = 'Europe/Riga';

/** A member switches plans ten days into a March period (31 days, with the DST change inside it). */
describe('plan change in the middle of a period', () => {
  let app: TestApp;
  let api: Api;
  let basic: string;
  let premium: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = await openTenant(app, { name: 'Riga Gym', timezone: TZ, currency: 'eur', at: localInstant('2027-03-01', TZ, '09:00:00') });
    basic = await monthlyPrice(api, 3000, { currency: 'eur', nickname: 'Basic' });
    premium = await monthlyPrice(api, 6000, { currency: 'eur', nickname: 'Premium' });
  });
  afterAll(() => app.stop());

  /** The unused share of the current period at the tenant's clock, in whole seconds. */
  async function unusedShare(sub: any, amount: number) {
    const now = Math.floor((await clockNow(api)).getTime() / 1000);
    return Math.round((amount * (sub.current_period_end - now)) / (sub.current_period_end - sub.current_period_start));
  }

  let upgrader: { customer: string; sub: any };
  let downgrader: { customer: string; sub: any };

  it('both members pay a full March on the day they join', async () => {
    const a = await newCustomer(api, 'Upgrader', 'pm_card_visa');
    const b = await newCustomer(api, 'Downgrader', 'pm_card_visa');
    upgrader = { customer: a, sub: await api.ok('POST', '/v1/subscriptions', { customer: a, items: [{ price: basic }] }) };
    downgrader = { customer: b, sub: await api.ok('POST', '/v1/subscriptions', { customer: b, items: [{ price: premium }] }) };
    expect(localParts(upgrader.sub.current_period_start, TZ).date).toBe('2027-03-01');
    expect(localParts(upgrader.sub.current_period_end, TZ).date).toBe('2027-04-01');
    expect((await invoicesOf(api, a)).map((i) => i.total)).toEqual([3000]);
    expect((await invoicesOf(api, b)).map((i) => i.total)).toEqual([6000]);
    await advanceTo(api, localInstant('2027-03-11', TZ, '12:00:00'));
  });

  it('an upgrade issues a proration invoice (credit for unused Basic, charge for remaining Premium) and charges it', async () => {
    const { customer, sub } = upgrader;
    const credit = await unusedShare(sub, 3000);
    const charge = await unusedShare(sub, 6000);
    const changed = await api.ok('POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: premium }] });
    expect(changed.items.data.map((i: any) => i.price)).toEqual([premium]);
    expect(changed.current_period_end).toBe(sub.current_period_end);

    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(2);
    const proration = await api.ok('GET', `/v1/invoices/${invoices[1].id}`);
    expect(proration.billing_reason).toBe('subscription_update');
    const lines = proration.lines.data;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ proration: true, amount: -credit });
    expect(lines[0].description).toMatch(/^Unused time/);
    expect(lines[1]).toMatchObject({ proration: true, amount: charge, price: premium });
    expect(lines[1].description).toMatch(/^Remaining time/);
    // 20.5 of March's 31 days are left: about 3000 * 20.5 / 31.
    expect(charge - credit).toBeGreaterThan(1950);
    expect(charge - credit).toBeLessThan(2000);
    expect(proration).toMatchObject({ total: charge - credit, status: 'paid', amount_paid: charge - credit, amount_remaining: 0 });

    // April is billed on the new plan.
    await advanceTo(api, localInstant('2027-04-01', TZ, '08:00:00'));
    const april = (await invoicesOf(api, customer))[2];
    expect(localParts(april.period_start, TZ).date).toBe('2027-04-01');
    expect(april).toMatchObject({ total: 6000, status: 'paid', amount_paid: 6000, credit_applied: 0 });
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ credit_balance: 0, balance: 0 });
  });

  it('a downgrade leaves credit on the customer, used on the next renewal so less is charged', async () => {
    const { customer, sub } = downgrader;
    const before = await invoicesOf(api, customer);
    // The April renewal (Premium) was issued above; change plan on 11 April.
    expect(before.map((i) => i.total)).toEqual([6000, 6000]);
    await advanceTo(api, localInstant('2027-04-11', TZ, '12:00:00'));
    const current = await api.ok('GET', `/v1/subscriptions/${sub.id}`);
    const credit = await unusedShare(current, 6000);
    const charge = await unusedShare(current, 3000);
    await api.ok('POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: basic }] });

    const invoices = await invoicesOf(api, customer);
    expect(invoices).toHaveLength(3);
    const proration = await api.ok('GET', `/v1/invoices/${invoices[2].id}`);
    expect(proration.lines.data.map((l: any) => l.amount)).toEqual([-credit, charge]);
    expect(proration.total).toBe(charge - credit);
    expect(proration.total).toBeLessThan(0);
    expect(proration).toMatchObject({ amount_due: 0, amount_paid: 0, amount_remaining: 0 });
    const owed = credit - charge;
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ credit_balance: owed, balance: -owed, receivable: 0 });

    await advanceTo(api, localInstant('2027-05-01', TZ, '08:00:00'));
    const may = (await invoicesOf(api, customer))[3];
    expect(localParts(may.period_start, TZ).date).toBe('2027-05-01');
    expect(may).toMatchObject({ total: 3000, credit_applied: owed, amount_due: 3000 - owed, amount_paid: 3000 - owed, status: 'paid' });
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ credit_balance: 0, balance: 0 });
  });

  it('a plan change during the prorated stub before the anchor day credits no more than was paid for the stub', async () => {
    // Joins on 25 June, anchored on the 30th: the stub 25-30 June costs 5/31 of Premium (yardstick 30 May - 30 June).
    await advanceTo(api, localInstant('2027-06-25', TZ, '10:00:00'));
    const customer = await newCustomer(api, 'Stub changer', 'pm_card_visa');
    const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price: premium }], billing_cycle_anchor_day: 30 });
    const [stub] = await invoicesOf(api, customer);
    expect(localParts(stub.period_start, TZ).date).toBe('2027-06-25');
    expect(localParts(stub.period_end, TZ).date).toBe('2027-06-30');
    expect(stub.total).toBe(Math.round((6000 * 5) / 31));
    // A day later the member moves down to Basic.
    await advanceTo(api, localInstant('2027-06-26', TZ, '10:00:00'));
    await api.ok('POST', `/v1/subscriptions/${sub.id}`, { items: [{ price: basic }] });
    const invoices = await invoicesOf(api, customer);
    const proration = await api.ok('GET', `/v1/invoices/${invoices[1].id}`);
    const [unused, remaining] = proration.lines.data.map((l: any) => l.amount);
    // The credit is the unused part of what was paid, never more than the stub itself cost...
    const now = Math.floor((await clockNow(api)).getTime() / 1000);
    const unusedShareOfStub = (stub.period_end - now) / (stub.period_end - stub.period_start);
    expect(-unused).toBeLessThanOrEqual(stub.total);
    expect(-unused).toBe(Math.round(stub.total * unusedShareOfStub));
    // ...and the new plan costs the same share of its own stub price.
    expect(remaining).toBe(Math.round(Math.round((3000 * 5) / 31) * unusedShareOfStub));
    expect(await api.ok('GET', `/v1/customers/${customer}`)).toMatchObject({ credit_balance: -unused - remaining });
  });

  it('the books balance and pass the audit', async () => {
    await expectLedgerBalanced(api, upgrader.customer);
    await expectLedgerBalanced(api, downgrader.customer);
    await expectAuditClean(app);
  });
});
