import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { sandboxTestCard } from '../../src/providers/payments/sandbox-cards.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The sandbox's scripted cards that `duly simulate` and the dunning benchmark build their portfolios from. */
describe('sandbox scripted test cards', () => {
  const clock = new ManualClock(new Date('2026-03-10T12:00:00Z'));
  let app: TestApp;
  let n = 0;
  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(() => app.stop());

  async function charge(name: string, token?: string) {
    const saved = token ?? (await app.ctx.gateway.savePaymentMethod({ token: name, customerRef: 'cus_test' })).token;
    const result = await app.ctx.gateway.charge({ idempotencyKey: `scripted_${++n}`, token: saved, amount: 1000, currency: 'usd' });
    return { saved, outcome: result.status === 'failed' ? result.declineCode : result.status };
  }

  it('refuses names outside the script grammar', () => {
    expect(sandboxTestCard('pm_card_insufficientFundsExceptDays20to10')).toBeNull();
    expect(sandboxTestCard('pm_card_madeUpCodeEveryOther')).toBeNull();
    expect(sandboxTestCard('pm_card_insufficientFundsExceptDays15to16')?.behaviour).toEqual({
      kind: 'decline_except_days',
      code: 'insufficient_funds',
      from: 15,
      to: 16,
    });
  });

  it('a payday card declines for insufficient funds except on its days of the month', async () => {
    clock.set(new Date('2026-03-10T12:00:00Z'));
    const first = await charge('pm_card_insufficientFundsExceptDays15to16');
    expect(first.outcome).toBe('insufficient_funds');
    clock.set(new Date('2026-03-15T14:00:00Z'));
    expect((await charge('', first.saved)).outcome).toBe('succeeded');
    clock.set(new Date('2026-03-17T00:30:00Z'));
    expect((await charge('', first.saved)).outcome).toBe('insufficient_funds');
  });

  it('a card stolen from a date works before it and is declined hard from then on', async () => {
    clock.set(new Date('2026-03-31T23:00:00Z'));
    const card = await charge('pm_card_stolenCardFrom20260401');
    expect(card.outcome).toBe('succeeded');
    clock.set(new Date('2026-04-01T00:00:00Z'));
    expect((await charge('', card.saved)).outcome).toBe('stolen_card');
  });

  it('a processing-error card fails every other charge', async () => {
    const card = await charge('pm_card_processingErrorEveryOther');
    const outcomes = [card.outcome];
    for (let i = 0; i < 3; i++) outcomes.push((await charge('', card.saved)).outcome);
    expect(outcomes).toEqual(['processing_error', 'succeeded', 'processing_error', 'succeeded']);
  });
});
