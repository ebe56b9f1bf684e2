import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { creditNotePostings, postJournal } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { creditNotes, invoices } from '../db/schema.ts';
import { transitionInvoice } from '../domain/invoice.machine.ts';
import { findInvoice } from './find-invoice.ts';

/**
 * Reduces what a finalised invoice is worth. While the invoice is open the note lowers what is
 * owed; whatever the customer already paid beyond the new amount becomes their credit.
 */
export async function createCreditNote(
  ctx: AppContext,
  tenant: TenantContext,
  input: { invoice: string; amount: number; reason?: string | null; memo?: string | null },
) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const invoice = await findInvoice(tx, tenant.id, input.invoice, { forUpdate: true, param: 'invoice' });
    if (!['open', 'paid', 'uncollectible'].includes(invoice.status)) {
      fail('invalid_state_transition', `A credit note needs a finalised invoice; this one is ${invoice.status}.`, 'invoice');
    }
    // An early-payment discount already took that part off: it cannot be credited a second time.
    const creditable = invoice.total - invoice.creditNoted - invoice.discountTaken;
    if (input.amount > creditable) {
      fail('amount_too_large', `At most ${creditable} can still be credited on this invoice.`, 'amount');
    }
    const reducesReceivable = invoice.status === 'open' ? Math.min(input.amount, invoice.amountRemaining) : 0;
    const toCredit = input.amount - reducesReceivable;
    const id = newId('cn');
    await tx.insert(creditNotes).values({
      tenantId: tenant.id,
      id,
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      amount: input.amount,
      currency: invoice.currency,
      reason: input.reason ?? null,
      memo: input.memo ?? null,
      appliedToInvoice: reducesReceivable,
      creditAmount: toCredit,
      createdAt: tenant.now,
    });
    await postJournal(
      tx,
      {
        tenantId: tenant.id,
        customerId: invoice.customerId,
        invoiceId: invoice.id,
        currency: invoice.currency,
        at: tenant.now,
        sourceType: 'credit_note',
        sourceId: id,
      },
      creditNotePostings(reducesReceivable, toCredit),
    );
    const remaining = invoice.amountRemaining - reducesReceivable;
    const settled = invoice.status === 'open' && remaining === 0;
    await tx
      .update(invoices)
      .set({
        creditNoted: invoice.creditNoted + input.amount,
        amountRemaining: remaining,
        ...(settled ? { status: transitionInvoice('open', 'pay').next, paidAt: tenant.now, nextPaymentAttempt: null } : {}),
      })
      .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, invoice.id)));
    await enqueueOutbox(tx, tenant.id, 'credit_note.created', { credit_note: id, invoice: invoice.id }, tenant.now);
    const [note] = await tx
      .select()
      .from(creditNotes)
      .where(and(eq(creditNotes.tenantId, tenant.id), eq(creditNotes.id, id)));
    return note!;
  });
}

export function listCreditNotes(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string; invoice?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(creditNotes)
      .where(
        and(
          eq(creditNotes.tenantId, tenant.id),
          query.invoice ? eq(creditNotes.invoiceId, query.invoice) : undefined,
          query.startingAfter ? lt(creditNotes.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(creditNotes.id))
      .limit(query.limit + 1),
  );
}
