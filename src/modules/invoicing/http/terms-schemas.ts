import { z } from 'zod';
import { percentToBp } from '../domain/payment-terms.ts';

/** A percent with at most two decimals (2, 2.5, 1.25), kept as basis points. */
export const termsPercent = z
  .number()
  .gt(0, { error: 'must be more than 0' })
  .lt(100, { error: 'must be less than 100' })
  .refine((p) => percentToBp(p) !== null, { error: 'may have at most two decimals' });

/** "2/10": `{ percent: 2, days: 10 }`, the days counted from finalisation, the last one included. */
export const earlyDiscountBody = z.strictObject({ percent: termsPercent, days: z.number().int().min(0).max(365) });
