import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agingWindow, bucketForDaysPastDue, csvField, formatMajor, toCsv } from '../../src/modules/reports/index.ts';
import { localMidnightToInstant } from '../../src/modules/subscriptions/domain/billing-calendar.ts';
import { parseCsv } from './csv-parse.ts';

describe('aging buckets', () => {
  it('cuts at 0, 30, 60 and 90 days past due', () => {
    const cases: [number, string][] = [
      [-5, 'current'],
      [0, 'current'],
      [1, '1_30'],
      [30, '1_30'],
      [31, '31_60'],
      [60, '31_60'],
      [61, '61_90'],
      [90, '61_90'],
      [91, 'over_90'],
      [4000, 'over_90'],
    ];
    for (const [days, bucket] of cases) expect({ days, bucket: bucketForDaysPastDue(days) }).toEqual({ days, bucket });
  });

  it('ends the day at the next local midnight, also across a DST change (Riga, 28 March 2027 has 23 hours)', () => {
    const w = agingWindow({ year: 2027, month: 3, day: 28 }, (d) => localMidnightToInstant(d, 'Europe/Riga'));
    expect(w.end.toISOString()).toBe('2027-03-28T21:00:00.000Z'); // 29 March 00:00 EEST
    expect(w.dueFrom.map((d) => [d.bucket, d.from.toISOString()])).toEqual([
      ['current', '2027-03-27T22:00:00.000Z'], // 28 March 00:00 EET: due that day is still current
      ['1_30', '2027-02-25T22:00:00.000Z'], // due 26 February = 30 days late
      ['31_60', '2027-01-26T22:00:00.000Z'],
      ['61_90', '2026-12-27T22:00:00.000Z'],
    ]);
  });
});

describe('CSV', () => {
  it('writes major units with the currency exponent, exactly', () => {
    expect(formatMajor(123_456, 'usd')).toBe('1234.56');
    expect(formatMajor(5, 'usd')).toBe('0.05');
    expect(formatMajor(-5, 'eur')).toBe('-0.05');
    expect(formatMajor(0, 'eur')).toBe('0.00');
    expect(formatMajor(500, 'jpy')).toBe('500');
    expect(formatMajor(-1005, 'kwd')).toBe('-1.005');
    expect(formatMajor(99_999_999_999, 'usd')).toBe('999999999.99');
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), fc.constantFrom('usd', 'jpy', 'kwd', 'clf'), (n, c) => {
        const text = formatMajor(n, c);
        const [whole, fraction = ''] = text.replace('-', '').split('.');
        expect(BigInt(`${whole}${fraction}`) * (n < 0 ? -1n : 1n)).toBe(BigInt(n));
      }),
    );
  });

  it('quotes only what needs quoting and reads back to the same fields', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    fc.assert(
      // Records of two or more fields, as ours are (a lone empty field would be a blank line).
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (records) => {
          expect(parseCsv(toCsv(records))).toEqual(records);
        },
      ),
      { numRuns: 50 },
    );
  });
});
