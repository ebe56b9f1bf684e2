import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { postJournal, voidPostings, writeOffPostings } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoices } from '../db/schema.ts';
import { revenueAccountFor } from '../domain/finalization.ts';
import { type InvoiceState, transitionInvoice } from '../domain/invoice.machine.ts';
import { findInvoice } from './find-invoice.ts';

/** Cancels a finalised invoice nobody has paid towards: the receivable is reversed, applied credit returned. */
export async function voidInvoice(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, id, { forUpdate: true });
    const { next } = transitionInvoice(invoice.status as InvoiceState, 'void');
    if (invoice.amountPaid > 0 || invoice.creditNoted > 0) {
      fail('invalid_state_transition', 'An invoice with payments or credit notes cannot be voided; issue a credit note instead.');
    }
    const source = {
      tenantId: tenant.id,
      customerId: invoice.customerId,
      invoiceId: invoice.id,
      currency: invoice.currency,
      at: tenant.now,
      sourceType: 'invoice_void',
      sourceId: invoice.id,
    };
    if (invoice.status === 'uncollectible') {
      // Undo the write-off first so the reversal below meets the receivable it expects.
      await postJournal(tx, source, writeOffPostings(-invoice.amountRemaining));
    }
    await postJournal(
      tx,
      source,
      voidPostings(invoice.total, invoice.subtotal - invoice.discount, invoice.tax, invoice.creditApplied, revenueAccountFor(invoice.billingReason)),
    );
    const [updated] = await tx
      .update(invoices)
      .set({ status: next, amountRemaining: 0, voidedAt: tenant.now, nextPaymentAttempt: null })
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, id)))
      .returning();
    await enqueueOutbox(tx, tenant.id, 'invoice.voided', { invoice: id }, tenant.now);
    return updated!;
  });
}

/** Gives up on collecting: the remaining receivable moves to bad debt, but the invoice can still be paid. */
export async function markInvoiceUncollectible(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, id, { forUpdate: true });
    const { next } = transitionInvoice(invoice.status as InvoiceState, 'mark_uncollectible');
    await postJournal(
      tx,
      {
        tenantId: tenant.id,
        customerId: invoice.customerId,
        invoiceId: invoice.id,
        currency: invoice.currency,
        at: tenant.now,
        sourceType: 'invoice_uncollectible',
        sourceId: invoice.id,
      },
      writeOffPostings(invoice.amountRemaining),
    );
    const [updated] = await tx
      .update(invoices)
      .set({ status: next, markedUncollectibleAt: tenant.now, nextPaymentAttempt: null })
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, id)))
      .returning();
    await enqueueOutbox(tx, tenant.id, 'invoice.marked_uncollectible', { invoice: id }, tenant.now);
    return updated!;
  });
}
