import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { type TenantContext, tenants } from '../../tenants/index.ts';
import { paymentTermsSettings } from '../db/schema.ts';
import type { EarlyDiscountTerms, LateFeeTerms } from '../domain/payment-terms.ts';

export type PaymentTerms = {
  /** Net days live on the business (tenants.payment_terms_days): one source of truth. */
  netDays: number;
  earlyDiscount: EarlyDiscountTerms | null;
  lateFee: LateFeeTerms | null;
  updatedAt: Date | null;
};

/** Replaces the given fields; an omitted field keeps its value, null switches the feature off. */
export type PaymentTermsInput = {
  netDays?: number;
  earlyDiscount?: EarlyDiscountTerms | null;
  lateFee?: (({ type: 'fixed'; amount: number; currency?: string } | { type: 'percent'; bp: number }) & { graceDays: number }) | null;
};

type SettingsRow = typeof paymentTermsSettings.$inferSelect;

function fromRow(netDays: number, row: SettingsRow | undefined): PaymentTerms {
  if (!row) return { netDays, earlyDiscount: null, lateFee: null, updatedAt: null };
  const earlyDiscount = row.earlyDiscountBp && row.earlyDiscountDays != null ? { bp: row.earlyDiscountBp, days: row.earlyDiscountDays } : null;
  const graceDays = row.lateFeeGraceDays ?? 0;
  let lateFee: LateFeeTerms | null = null;
  if (row.lateFeeType === 'fixed') lateFee = { type: 'fixed', amount: row.lateFeeAmount ?? 0, currency: row.lateFeeCurrency ?? '', graceDays };
  if (row.lateFeeType === 'percent') lateFee = { type: 'percent', bp: row.lateFeeBp ?? 0, graceDays };
  return { netDays, earlyDiscount, lateFee, updatedAt: row.updatedAt };
}

/** The business's terms, defaults (no discount, no late fee) when never set. */
export async function loadPaymentTerms(tx: Tx, tenant: TenantContext): Promise<PaymentTerms> {
  const [row] = await tx.select().from(paymentTermsSettings).where(eq(paymentTermsSettings.tenantId, tenant.id));
  const [business] = await tx.select({ netDays: tenants.paymentTermsDays }).from(tenants).where(eq(tenants.id, tenant.id));
  return fromRow(business?.netDays ?? tenant.paymentTermsDays, row);
}

export function getPaymentTerms(ctx: AppContext, tenant: TenantContext): Promise<PaymentTerms> {
  return inTenantTx(ctx.db, tenant.id, (tx) => loadPaymentTerms(tx, tenant));
}

export function updatePaymentTerms(ctx: AppContext, tenant: TenantContext, input: PaymentTermsInput): Promise<PaymentTerms> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const current = await loadPaymentTerms(tx, tenant);
    const netDays = input.netDays ?? current.netDays;
    const earlyDiscount = input.earlyDiscount === undefined ? current.earlyDiscount : input.earlyDiscount;
    // A discount window that outlasts the due date would reward paying late.
    if (earlyDiscount && earlyDiscount.days > netDays) {
      fail(
        'parameter_invalid',
        `The discount window (${earlyDiscount.days} days) must not be longer than the net days (${netDays}).`,
        'early_payment_discount[days]',
      );
    }
    const lateFee =
      input.lateFee === undefined
        ? current.lateFee
        : input.lateFee && input.lateFee.type === 'fixed'
          ? { ...input.lateFee, currency: (input.lateFee.currency ?? tenant.currency).toLowerCase() }
          : input.lateFee;
    const values = {
      earlyDiscountBp: earlyDiscount?.bp ?? null,
      earlyDiscountDays: earlyDiscount?.days ?? null,
      lateFeeType: lateFee?.type ?? null,
      lateFeeAmount: lateFee?.type === 'fixed' ? lateFee.amount : null,
      lateFeeCurrency: lateFee?.type === 'fixed' ? lateFee.currency : null,
      lateFeeBp: lateFee?.type === 'percent' ? lateFee.bp : null,
      lateFeeGraceDays: lateFee?.graceDays ?? null,
      updatedAt: tenant.now,
    };
    await tx
      .insert(paymentTermsSettings)
      .values({ tenantId: tenant.id, ...values })
      .onConflictDoUpdate({ target: [paymentTermsSettings.tenantId], set: values });
    if (netDays !== current.netDays) await tx.update(tenants).set({ paymentTermsDays: netDays }).where(eq(tenants.id, tenant.id));
    return loadPaymentTerms(tx, tenant);
  });
}
