import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import { invoiceLines, invoices, reserveInvoiceNumbers } from '../../invoicing/index.ts';
import { depositInvoicePostings, postJournal } from '../../ledger/index.ts';
import { compareLocalDates, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import { parseLocalDate } from '../../subscriptions/domain/billing-window.ts';
import type { TenantContext } from '../../tenants/index.ts';

const DAY_MS = 86_400_000;

export type CreateDepositInput = {
  customer: string;
  amount: number;
  currency?: string;
  description?: string | null;
  /** Local date (YYYY-MM-DD); today when omitted. */
  dueDate?: string | null;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
};

/**
 * A deposit (prepayment) invoice, issued at once. It is an ordinary open invoice for reminders,
 * autopay and aging, but its ledger entry holds the amount as a deposit, not revenue; when it is
 * paid the deposit becomes customer credit, which the next invoices use first.
 */
export async function createDeposit(ctx: AppContext, tenant: TenantContext, input: CreateDepositInput): Promise<string> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, input.customer);
    const now = tenant.now;
    const today = toLocalDate(now, tenant.timezone);
    const dueDay = input.dueDate ? parseLocalDate(input.dueDate) : today;
    if (compareLocalDates(dueDay, today) < 0) fail('parameter_invalid', 'The due date cannot be in the past.', 'due_date');
    const dueDate = input.dueDate ? localMidnightToInstant(dueDay, tenant.timezone) : now;
    const [number] = await reserveInvoiceNumbers(tx, tenant, 1);
    const description = input.description?.trim() || translator(resolveLocale(customer.preferredLocales, tenant.locale))('plans:deposit_line');
    const collectionMethod = input.collectionMethod ?? 'send_invoice';
    const id = newId('in');
    const currency = (input.currency ?? tenant.currency).toLowerCase();
    await tx.insert(invoices).values({
      tenantId: tenant.id,
      id,
      customerId: customer.id,
      billingReason: 'deposit',
      status: 'open',
      number: number!,
      currency,
      collectionMethod,
      subtotal: input.amount,
      total: input.amount,
      amountRemaining: input.amount,
      daysUntilDue: Math.max(0, Math.ceil((dueDate.getTime() - now.getTime()) / DAY_MS)),
      dueDate,
      description,
      nextPaymentAttempt: collectionMethod === 'charge_automatically' ? dueDate : null,
      finalizedAt: now,
      createdAt: now,
    });
    await tx.insert(invoiceLines).values({
      tenantId: tenant.id,
      id: newId('il'),
      invoiceId: id,
      position: 0,
      description,
      quantity: 1,
      unitAmount: input.amount,
      amount: input.amount,
      total: input.amount,
      taxPercentMilli: null,
      createdAt: now,
    });
    await postJournal(
      tx,
      { tenantId: tenant.id, customerId: customer.id, invoiceId: id, currency, at: now, sourceType: 'invoice', sourceId: id, memo: number },
      depositInvoicePostings(input.amount),
    );
    await enqueueOutbox(tx, tenant.id, 'invoice.finalized', { invoice: id, number }, now);
    return id;
  });
}
