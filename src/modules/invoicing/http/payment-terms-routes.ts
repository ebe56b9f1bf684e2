import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { currencyCode, positiveMinorAmount } from '../../../platform/http/schemas.ts';
import { bpToPercent, getPaymentTerms, type PaymentTerms, type PaymentTermsInput, percentToBp, updatePaymentTerms } from '../index.ts';
import { earlyDiscountBody, termsPercent } from './terms-schemas.ts';

const graceDays = z.number().int().min(0).max(365).default(0);

const lateFeeBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), amount: positiveMinorAmount, currency: currencyCode.optional(), grace_days: graceDays }),
  z.strictObject({ type: z.literal('percent'), percent: termsPercent, grace_days: graceDays }),
]);

// Fastify hands an empty POST to the schema as null: nothing to change.
const termsBody = z
  .strictObject({
    net_days: z.number().int().min(0).max(365).optional(),
    early_payment_discount: earlyDiscountBody.nullish(),
    late_fee: lateFeeBody.nullish(),
  })
  .nullish()
  .transform((b) => b ?? {});

function toInput(body: z.output<typeof termsBody>): PaymentTermsInput {
  const early = body.early_payment_discount;
  const fee = body.late_fee;
  return {
    netDays: body.net_days,
    earlyDiscount: early === undefined ? undefined : early && { bp: percentToBp(early.percent)!, days: early.days },
    lateFee:
      fee === undefined
        ? undefined
        : fee &&
          (fee.type === 'fixed'
            ? { type: 'fixed', amount: fee.amount, currency: fee.currency, graceDays: fee.grace_days }
            : { type: 'percent', bp: percentToBp(fee.percent)!, graceDays: fee.grace_days }),
  };
}

function termsDto(terms: PaymentTerms) {
  const fee = terms.lateFee;
  return {
    object: 'payment_terms' as const,
    net_days: terms.netDays,
    early_payment_discount: terms.earlyDiscount ? { percent: bpToPercent(terms.earlyDiscount.bp), days: terms.earlyDiscount.days } : null,
    late_fee: !fee
      ? null
      : fee.type === 'fixed'
        ? { type: 'fixed' as const, amount: fee.amount, currency: fee.currency, grace_days: fee.graceDays }
        : { type: 'percent' as const, percent: bpToPercent(fee.bp), grace_days: fee.graceDays },
    updated: unix(terms.updatedAt),
  };
}

/** GET/POST /v1/settings/payment_terms: net days, the early-payment discount and the late fee. */
export function paymentTermsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['settings'];
    app.get('/v1/settings/payment_terms', { schema: { tags } }, async (req) => termsDto(await getPaymentTerms(ctx, tenantOf(req))));
    app.post('/v1/settings/payment_terms', { config: { minRole: 'owner' }, schema: { body: termsBody, tags } }, async (req) =>
      termsDto(await updatePaymentTerms(ctx, tenantOf(req), toInput(req.body))),
    );
  };
}
