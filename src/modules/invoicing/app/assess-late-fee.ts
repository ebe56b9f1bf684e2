import { and, asc, eq, like } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { findCustomer } from '../../customers/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { lateFeeAmount, lateFeeKey, lateFeeStep, pastGrace } from '../domain/payment-terms.ts';
import { finalizeDraft } from './finalize-draft.ts';
import { findInvoice } from './find-invoice.ts';
import { insertDraftInvoice } from './insert-draft-invoice.ts';
import { loadPaymentTerms } from './payment-terms-settings.ts';

/** Why no fee was written; the HTTP route turns each into a 409 with its own message. */
export type LateFeeSkip = 'disabled' | 'not_open' | 'within_grace' | 'nothing_to_charge' | 'already_assessed';

export type LateFeeDecision = { kind: 'assessed'; feeInvoiceId: string; amount: number } | { kind: 'skipped'; reason: LateFeeSkip };

/**
 * Charges the late fee of the business's terms on an overdue invoice, once per (invoice, step):
 * a one-off invoice (billing_reason 'late_fee') in the original's currency, due at once, charged
 * automatically when the original is, posted to late-fee income. The period key
 * `late_fee:<invoice>:<step>` is unique, so a repeat or a concurrent call writes nothing.
 */
export async function decideLateFee(tx: Tx, tenant: TenantContext, input: { invoiceId: string; stepKey: string }): Promise<LateFeeDecision> {
  const { lateFee } = await loadPaymentTerms(tx, tenant);
  const invoice = await findInvoice(tx, tenant.id, input.invoiceId, { forUpdate: true, param: 'invoice' });
  if (!lateFee) return { kind: 'skipped', reason: 'disabled' };
  // A fee on a fee would compound; only ordinary open invoices carry one.
  if (invoice.status !== 'open' || invoice.billingReason === 'late_fee' || !invoice.dueDate) return { kind: 'skipped', reason: 'not_open' };
  if (!pastGrace(invoice.dueDate, lateFee.graceDays, tenant.now, tenant.timezone)) return { kind: 'skipped', reason: 'within_grace' };
  const amount = lateFeeAmount(lateFee, invoice);
  if (amount <= 0) return { kind: 'skipped', reason: 'nothing_to_charge' };

  const customer = await findCustomer(tx, tenant.id, invoice.customerId);
  const t = translator(resolveLocale(customer.preferredLocales, tenant.locale));
  const autopay = invoice.collectionMethod === 'charge_automatically';
  const draft = await insertDraftInvoice(tx, tenant, {
    customerId: invoice.customerId,
    currency: invoice.currency,
    collectionMethod: invoice.collectionMethod as 'charge_automatically' | 'send_invoice',
    billingReason: 'late_fee',
    periodKey: lateFeeKey(invoice.id, input.stepKey),
    daysUntilDue: 0,
    earlyDiscount: { bp: 0, days: 0 },
    lines: [
      {
        description: t('terms:late_fee.line', { number: invoice.number ?? invoice.id }),
        quantity: 1,
        unitAmount: amount,
        taxPercentMilli: null,
        taxInclusive: false,
      },
    ],
  });
  if (!draft) return { kind: 'skipped', reason: 'already_assessed' };
  const fee = await finalizeDraft(tx, tenant, draft.id, 0);
  // Autopay: the scheduler's retry phase charges the fee with the client's card (due work, no gateway call here).
  if (autopay && fee.status === 'open') {
    await tx
      .update(invoices)
      .set({ nextPaymentAttempt: tenant.now })
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, fee.id)));
  }
  // The fee invoice's own invoice.finalized event (billing_reason 'late_fee') tells the client and webhooks.
  return { kind: 'assessed', feeInvoiceId: fee.id, amount };
}

/** For the reminder ladder: the fee invoice, or null when no fee applies (disabled, not open, within grace, already assessed). */
export async function assessLateFee(tx: Tx, tenant: TenantContext, input: { invoiceId: string; stepKey: string }): Promise<{ feeInvoiceId: string } | null> {
  const decision = await tx.transaction((sp) => decideLateFee(sp, tenant, input));
  return decision.kind === 'assessed' ? { feeInvoiceId: decision.feeInvoiceId } : null;
}

const SKIP_MESSAGES: Record<LateFeeSkip, string> = {
  disabled: 'Late fees are switched off in the payment terms (POST /v1/settings/payment_terms).',
  not_open: 'Only an open invoice (not itself a late fee) can carry a late fee.',
  within_grace: 'The invoice is not yet past its due date plus the grace days.',
  nothing_to_charge: 'The late fee would be zero (a fixed fee applies only to invoices in its currency).',
  already_assessed: 'A late fee for this step was already assessed on this invoice.',
};

/** The owner assessing a fee by hand: the same rules, a 409 explaining why when none applies. */
export async function assessLateFeeByHand(ctx: AppContext, tenant: TenantContext, invoiceId: string, stepKey: string): Promise<string> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const decision = await decideLateFee(tx, tenant, { invoiceId, stepKey });
    if (decision.kind === 'assessed') return decision.feeInvoiceId;
    fail(decision.reason === 'already_assessed' ? 'late_fee_already_assessed' : 'late_fee_not_applicable', SKIP_MESSAGES[decision.reason]);
  });
}

export type LateFeeRef = { invoice: string; amount: number; status: string; step: string | null; created: Date };

/** The late-fee invoices raised on an invoice, oldest first. */
export async function listLateFees(tx: Tx, tenantId: string, invoiceId: string): Promise<LateFeeRef[]> {
  const rows = await tx
    .select({ id: invoices.id, total: invoices.total, status: invoices.status, periodKey: invoices.periodKey, createdAt: invoices.createdAt })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.billingReason, 'late_fee'),
        like(invoices.periodKey, `${lateFeeKey(invoiceId, '').replace(/[\\%_]/g, '\\$&')}%`),
      ),
    )
    .orderBy(asc(invoices.createdAt), asc(invoices.id));
  return rows.map((r) => ({ invoice: r.id, amount: r.total, status: r.status, step: lateFeeStep(r.periodKey), created: r.createdAt }));
}

export function listInvoiceLateFees(ctx: AppContext, tenant: TenantContext, invoiceId: string): Promise<LateFeeRef[]> {
  return inTenantTx(ctx.db, tenant.id, (tx) => listLateFees(tx, tenant.id, invoiceId));
}
