/**
 * The card portfolio of `duly simulate`: who pays, who declines and why, drawn from a seed so a
 * run can be repeated exactly. The mix follows real recurring-billing portfolios: about 13% of
 * recurring charges are declined at the first try; of those about half for insufficient funds,
 * a fifth generic / do-not-honor, a tenth processing errors, a tenth expired cards and a tenth
 * hard declines (stolen, lost, fraud). Behaviour lives in the sandbox's scripted test cards, judged
 * on the simulated clock, so both policies in a run face exactly the same customers.
 */

/** A customer as the simulation plays them: their billing day, their card, and when (if ever) they hand over a new one. */
export type SimulatedCustomer = { anchorDay: number; token: string; kind: CustomerKind; newCardAt: Date | null };
export type CustomerKind = 'healthy' | 'insufficient_funds' | 'do_not_honor' | 'processing_error' | 'expired' | 'hard';

/** mulberry32: a small seeded generator so a simulation can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
/** Share of monthly first tries declined, by reason (sums to about 13%). */
const MONTHLY_DECLINES = { insufficient_funds: 0.065, do_not_honor: 0.026, processing_error: 0.013, expired: 0.013, hard: 0.013 };
const HARD_CODES = ['stolenCard', 'lostCard', 'fraudulent'];

const between = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Insufficient funds and do-not-honor customers are chronic: they decline every month until their
 * money arrives (paid on the 1st or 15th for most, another day for some). Expired and hard
 * declines strike once, in a random month; some of those customers hand over a new card a few
 * days later, the others never do. Processing errors clear on the next try.
 */
export function drawPortfolio(options: { customers: number; months: number; seed: number; start: Date }): SimulatedCustomer[] {
  const random = seededRandom(options.seed);
  const oneOffShare = Math.min(0.4, options.months * (MONTHLY_DECLINES.expired + MONTHLY_DECLINES.hard));
  const chronic = MONTHLY_DECLINES.insufficient_funds + MONTHLY_DECLINES.do_not_honor + MONTHLY_DECLINES.processing_error;
  return Array.from({ length: options.customers }, () => {
    let anchorDay = between(random, 1, 28);
    const roll = random();
    if (roll < MONTHLY_DECLINES.insufficient_funds) {
      const payday = random() < 0.75 ? (random() < 0.5 ? 1 : 15) : between(random, 2, 27);
      // Bills fall outside the two days the money lasts, or there would be nothing to recover.
      if (anchorDay >= payday && anchorDay <= payday + 1) anchorDay = ((anchorDay + 6) % 28) + 1;
      return { anchorDay, token: `pm_card_insufficientFundsExceptDays${payday}to${payday + 1}`, kind: 'insufficient_funds', newCardAt: null };
    }
    if (roll < MONTHLY_DECLINES.insufficient_funds + MONTHLY_DECLINES.do_not_honor) {
      // The issuer relents some days after the bill, for a few days; sometimes only after the window.
      const from = Math.min(28, anchorDay + between(random, 2, 16));
      const to = Math.min(31, from + between(random, 2, 6));
      if (from <= anchorDay) anchorDay = Math.max(1, from - 3);
      const code = random() < 0.5 ? 'doNotHonor' : 'genericDecline';
      return { anchorDay, token: `pm_card_${code}ExceptDays${from}to${to}`, kind: 'do_not_honor', newCardAt: null };
    }
    if (roll < chronic) return { anchorDay, token: 'pm_card_processingErrorEveryOther', kind: 'processing_error', newCardAt: null };
    if (roll < chronic + oneOffShare && options.months >= 2) {
      const expired = random() < 0.5;
      const month = between(random, 1, options.months - 1);
      const firstOfMonth = new Date(Date.UTC(options.start.getUTCFullYear(), options.start.getUTCMonth() + month, 1));
      const bill = new Date(firstOfMonth.getTime() + (anchorDay - 1) * DAY_MS);
      // Most clients with an expired card update it within a week; a minority replace a stolen one.
      const replaces = random() < (expired ? 0.6 : 0.3);
      const newCardAt = replaces ? new Date(bill.getTime() + between(random, 1, 7) * DAY_MS + 18 * 3_600_000) : null;
      const code = expired ? 'expiredCard' : HARD_CODES[between(random, 0, HARD_CODES.length - 1)];
      return { anchorDay, token: `pm_card_${code}From${ymd(firstOfMonth)}`, kind: expired ? 'expired' : 'hard', newCardAt };
    }
    return { anchorDay, token: 'pm_card_visa', kind: 'healthy', newCardAt: null };
  });
}
