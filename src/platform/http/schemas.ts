import { z } from 'zod';
import { isKnownCurrency, MAX_AMOUNT } from '../money.ts';

/** Shared request building blocks, so every endpoint validates money and ids the same way. */
export const minorAmount = z
  .number({ error: 'must be an integer amount in minor units (e.g. 1999 for 19.99)' })
  .int({ error: 'must be an integer amount in minor units (e.g. 1999 for 19.99), not a fraction' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_AMOUNT, { error: 'is too large' });

export const positiveMinorAmount = minorAmount.min(1, { error: 'must be at least 1' });

export const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter ISO 4217 code such as "usd"' })
  .refine(isKnownCurrency, { error: 'is not an ISO 4217 currency code', params: { code: 'currency_unknown' } })
  .transform((c) => c.toLowerCase());

export const objectId = (prefix: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(new RegExp(`^${prefix}_[0-9a-z]+$`), { error: `must be an id starting with ${prefix}_` });

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export const metadata = z.record(z.string().max(40), z.string().max(500)).refine((m) => Object.keys(m).length <= 50, {
  error: 'may have at most 50 keys',
});
