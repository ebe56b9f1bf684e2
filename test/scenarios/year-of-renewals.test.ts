import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Api,
  advanceTo,
  daysIn,
  expectAuditClean,
  expectLedgerBalanced,
  invoicesOf,
  isoDate,
  localInstant,
  localParts,
  monthlyPrice,
  newCustomer,
  openTenant,
  sequenceOf,
} from './scenario-helpers.ts';

/**
 * Fifteen months of monthly renewals, from 10 January 2027 to 5 April 2028 (through February 2027,
 * the leap February 2028, both DST changes in Riga and New York), for members anchored on the
 * 1st, 10th (the day they join), 15th, 29th, 30th and 31st, in three businesses on three continents.
 */
const ZONES = [
  { name: 'Bangkok Yoga', timezone: 'Asia/Bangkok', currency: 'thb', prefix: 'BAN' },
  { name: 'Riga Gym', timezone: 'Europe/Riga', currency: 'eur', prefix: 'RIG' },
  { name: 'New York Studio', timezone: 'America/New_York', currency: 'usd', prefix: 'NEW' },
] as const;
const ANCHORS = [1, 10, 15, 29, 30, 31];
const JOIN_DATE = '2027-01-10';
const JOIN_DAY = 10;
const END = new Date('2028-04-05T12:00:00Z');
const PRICE = 3000;

type Expected = { start: string; end: string; stub: boolean };

/** The periods an owner expects, written down from the calendar, not from the code under test. */
function expectedPeriods(anchorDay: number, timeZone: string): Expected[] {
  const dateIn = (year: number, month: number) => isoDate(year, month, Math.min(anchorDay, daysIn(year, month)));
  let year = 2027;
  let month = anchorDay >= JOIN_DAY ? 1 : 2;
  const starts: string[] = [];
  while (localInstant(dateIn(year, month), timeZone) <= END) {
    starts.push(dateIn(year, month));
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  const periods: Expected[] = [];
  if (starts[0] !== JOIN_DATE) periods.push({ start: JOIN_DATE, end: starts[0]!, stub: true });
  for (let i = 0; i < starts.length; i++) periods.push({ start: starts[i]!, end: dateIn(year, month), stub: false });
  for (let i = 0; i < starts.length - 1; i++) periods[periods.length - starts.length + i]!.end = starts[i + 1]!;
  return periods;
}

describe('a year of monthly renewals across month ends, leap years, DST and time zones', () => {
  let app: TestApp;
  const tenants: { api: Api; zone: (typeof ZONES)[number]; members: { customer: string; anchorDay: number }[] }[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    for (const zone of ZONES) {
      const api = await openTenant(app, {
        name: zone.name,
        timezone: zone.timezone,
        currency: zone.currency,
        at: localInstant(JOIN_DATE, zone.timezone, '10:00:00'),
      });
      const price = await monthlyPrice(api, PRICE, { currency: zone.currency, nickname: 'Monthly membership' });
      const members = [];
      for (const anchorDay of ANCHORS) {
        const customer = await newCustomer(api, `Member anchored on ${anchorDay}`, 'pm_card_visa');
        const sub = await api.ok('POST', '/v1/subscriptions', { customer, items: [{ price }], billing_cycle_anchor_day: anchorDay });
        expect(sub.status).toBe('active');
        members.push({ customer, anchorDay });
      }
      await advanceTo(api, END);
      tenants.push({ api, zone, members });
    }
  });
  afterAll(() => app.stop());

  for (const [z, zone] of ZONES.entries()) {
    for (const anchorDay of ANCHORS) {
      it(`${zone.timezone}: anchor day ${anchorDay} bills once per period, each starting at local midnight`, async () => {
        const { api, members } = tenants[z]!;
        const member = members.find((m) => m.anchorDay === anchorDay)!;
        const invoices = await invoicesOf(api, member.customer);
        const expected = expectedPeriods(anchorDay, zone.timezone);
        const seen = invoices.map((inv) => ({
          start: localParts(inv.period_start, zone.timezone).date,
          end: localParts(inv.period_end, zone.timezone).date,
        }));
        expect(seen.map(({ start, end }) => ({ start, end }))).toEqual(expected.map(({ start, end }) => ({ start, end })));

        for (const [i, inv] of invoices.entries()) {
          // Every period starts and ends at local midnight, and the next one starts where it ended.
          expect(localParts(inv.period_start, zone.timezone).time).toBe('00:00:00');
          expect(localParts(inv.period_end, zone.timezone).time).toBe('00:00:00');
          if (i > 0) expect(inv.period_start).toBe(invoices[i - 1].period_end);
          expect(inv).toMatchObject({ status: 'paid', amount_remaining: 0, currency: zone.currency, subscription: expect.any(String) });
          expect(inv.amount_paid).toBe(inv.total);
          // A renewal is issued the moment its period starts, so its date is the period's first day.
          if (i > 0) expect(inv.status_transitions.finalized_at).toBe(inv.period_start);
        }

        const full = invoices.filter((_, i) => !expected[i]!.stub);
        for (const inv of full) expect(inv.total).toBe(PRICE);
        const first = invoices[0];
        if (expected[0]!.stub) {
          // A stub costs its share of the full period before the anchor, measured in seconds.
          const anchorStart = localInstant(expected[0]!.end, zone.timezone).getTime();
          const [y, m] = expected[0]!.end.split('-').map(Number) as [number, number];
          const prevMonth = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
          const prevAnchor = localInstant(isoDate(prevMonth.y, prevMonth.m, Math.min(anchorDay, daysIn(prevMonth.y, prevMonth.m))), zone.timezone).getTime();
          const stubStart = localInstant(JOIN_DATE, zone.timezone).getTime();
          const share = Math.round((PRICE * (anchorStart - stubStart)) / (anchorStart - prevAnchor));
          expect(first.total).toBe(share);
          expect(first.total).toBeLessThan(PRICE);
        } else {
          expect(first.total).toBe(PRICE);
        }
      });
    }

    it(`${zone.timezone}: invoice numbers are gapless, in issue order, with the local year`, async () => {
      const { api, members } = tenants[z]!;
      const all = (await Promise.all(members.map((m) => invoicesOf(api, m.customer)))).flat();
      all.sort((a, b) => sequenceOf(a.number) - sequenceOf(b.number));
      expect(all.map((inv) => sequenceOf(inv.number))).toEqual(all.map((_, i) => i + 1));
      for (const [i, inv] of all.entries()) {
        const year = localParts(inv.status_transitions.finalized_at, zone.timezone).year;
        expect(inv.number).toBe(`${zone.prefix}-${year}-${String(i + 1).padStart(6, '0')}`);
        if (i > 0) expect(inv.status_transitions.finalized_at).toBeGreaterThanOrEqual(all[i - 1].status_transitions.finalized_at);
      }
      // The January 1st invoices carry the new year where the business is, even when UTC is still in December.
      const newYear = all.filter((inv) => localParts(inv.period_start, zone.timezone).date === '2028-01-01');
      expect(newYear).toHaveLength(1);
      expect(newYear[0].number).toMatch(new RegExp(`^${zone.prefix}-2028-`));
      for (const m of members) {
        const customer = await api.ok('GET', `/v1/customers/${m.customer}`);
        expect(customer).toMatchObject({ balance: 0, credit_balance: 0, receivable: 0 });
        await expectLedgerBalanced(api, m.customer);
      }
    });
  }

  it('only the first invoice of a subscription is "subscription_create"; the period after a stub is a renewal', async () => {
    for (const { api, members } of tenants) {
      for (const m of members) {
        const reasons = (await invoicesOf(api, m.customer)).map((inv) => inv.billing_reason);
        expect({ anchorDay: m.anchorDay, reasons: reasons.slice(0, 3) }).toEqual({
          anchorDay: m.anchorDay,
          reasons: ['subscription_create', 'subscription_cycle', 'subscription_cycle'],
        });
      }
    }
  });

  it('the 31st anchor bills on the last day of short months and returns to the 31st', async () => {
    const { api, members } = tenants[1]!;
    const member = members.find((m) => m.anchorDay === 31)!;
    const starts = (await invoicesOf(api, member.customer)).map((inv) => localParts(inv.period_start, 'Europe/Riga').date);
    expect(starts).toEqual(expect.arrayContaining(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2028-02-29', '2028-03-31']));
  });

  it('the books pass the audit', async () => {
    await expectAuditClean(app);
  });
});
