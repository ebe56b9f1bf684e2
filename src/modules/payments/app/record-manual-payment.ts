import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import { findInvoice, settleInvoice } from '../../invoicing/index.ts';
import { paymentPostings, postJournal } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { payments } from '../db/schema.ts';

export type ManualPaymentInput = {
  customer: string;
  invoice?: string | null;
  amount: number;
  currency?: string;
  method: 'cash' | 'bank_transfer' | 'other';
  reference?: string | null;
  /** When the money arrived; not in the future. The journal entry is still dated when it is recorded. */
  receivedAt?: Date;
};

/**
 * Money staff received by hand (cash, bank transfer). It settles the invoice up to what is owed;
 * anything more, or a payment with no invoice, becomes credit for the customer's next invoice.
 */
export async function recordManualPayment(ctx: AppContext, tenant: TenantContext, input: ManualPaymentInput) {
  const receivedAt = input.receivedAt ?? tenant.now;
  if (receivedAt.getTime() > tenant.now.getTime()) fail('parameter_invalid', 'The payment cannot have been received in the future.', 'received_at');
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, input.customer);
    const invoice = input.invoice ? await findInvoice(tx, tenant.id, input.invoice, { forUpdate: true, param: 'invoice' }) : null;
    if (invoice && invoice.customerId !== customer.id) fail('parameter_invalid', 'The invoice belongs to another customer.', 'invoice');
    const currency = (input.currency ?? invoice?.currency ?? tenant.currency).toLowerCase();
    if (invoice && invoice.currency !== currency) fail('currency_mismatch', `The invoice is in ${invoice.currency}.`, 'currency');
    if (invoice && !['open', 'uncollectible'].includes(invoice.status)) {
      fail('invoice_not_open', `The invoice is ${invoice.status}; record the money without an invoice to keep it as credit.`, 'invoice');
    }
    const settlement = invoice ? await settleInvoice(tx, tenant, invoice, input.amount) : { applied: 0, toCredit: input.amount, fromBadDebt: false };
    const id = newId('py');
    const [payment] = await tx
      .insert(payments)
      .values({
        tenantId: tenant.id,
        id,
        customerId: customer.id,
        invoiceId: invoice?.id ?? null,
        method: input.method,
        amount: input.amount,
        amountApplied: settlement.applied,
        amountToCredit: settlement.toCredit,
        currency,
        reference: input.reference ?? null,
        receivedAt,
        createdAt: tenant.now,
      })
      .returning();
    await postJournal(
      tx,
      { tenantId: tenant.id, customerId: customer.id, invoiceId: invoice?.id ?? null, currency, at: tenant.now, sourceType: 'payment', sourceId: id },
      paymentPostings('cash', settlement.applied, settlement.toCredit, settlement.fromBadDebt),
    );
    await enqueueOutbox(tx, tenant.id, 'payment.succeeded', { payment: id, invoice: invoice?.id ?? null, amount: input.amount }, tenant.now);
    return payment!;
  });
}
