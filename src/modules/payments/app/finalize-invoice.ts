import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { type CreditWarning, checkCreditPolicy, findCustomer } from '../../customers/index.ts';
import { finalizeDraft, findInvoice } from '../../invoicing/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { type AttemptOutcome, chargeAttempt } from './charge-attempt.ts';
import { createPaymentAttempt } from './create-payment-attempt.ts';
import { listInvoiceAttempts } from './list-payments.ts';

/** draft -> open, and for autopay invoices the first charge, made before we answer. */
export async function finalizeInvoice(ctx: AppContext, tenant: TenantContext, invoiceId: string) {
  let warnings: CreditWarning[] = [];
  const attemptId = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const draft = await findInvoice(tx, tenant.id, invoiceId);
    const customer = await findCustomer(tx, tenant.id, draft.customerId);
    if (draft.status === 'draft' && draft.billingReason === 'manual') {
      // Credit policy (B9): 'block' refuses, 'warn' records the warning and goes on.
      warnings = await checkCreditPolicy(tx, tenant, customer, { amount: draft.total, kind: 'one_off', record: { invoiceId } });
    }
    const invoice = await finalizeDraft(tx, tenant, invoiceId, customer.paymentTermsDays ?? tenant.paymentTermsDays);
    return invoice.collectionMethod === 'charge_automatically' ? createPaymentAttempt(tx, tenant, invoice) : null;
  });
  if (attemptId) await chargeAttempt(ctx, tenant, attemptId);
  return { ...(await inTenantTx(ctx.db, tenant.id, (tx) => findInvoice(tx, tenant.id, invoiceId))), warnings };
}

/**
 * Charges an open invoice now with the given or default card (Stripe's "pay"). A decline is
 * answered with a card error; the attempt stays on record either way.
 */
export async function payInvoice(ctx: AppContext, tenant: TenantContext, invoiceId: string, paymentMethodId?: string) {
  const attemptId = await inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, invoiceId, { forUpdate: true });
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
      fail('invoice_not_open', `The invoice is ${invoice.status}; only open or uncollectible invoices can be paid.`);
    }
    const id = await createPaymentAttempt(tx, tenant, invoice, paymentMethodId);
    if (!id) fail('payment_method_missing', undefined, 'payment_method');
    return id;
  });
  const outcome: AttemptOutcome = await chargeAttempt(ctx, tenant, attemptId);
  if (outcome === 'failed') {
    const attempts = await listInvoiceAttempts(ctx, tenant, invoiceId);
    const declined = attempts.find((a) => a.id === attemptId);
    fail('card_declined', `The card was declined (${declined?.declineCode ?? 'generic_decline'}): ${declined?.failureMessage ?? ''}`.trim(), 'payment_method');
  }
  return inTenantTx(ctx.db, tenant.id, (tx) => findInvoice(tx, tenant.id, invoiceId));
}
