import { and, asc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { enqueueOutbox } from '../../../platform/db/outbox.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { resolveLocale, translator } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { findCustomer } from '../../customers/index.ts';
import { findInvoice, type InvoiceRow, invoices } from '../../invoicing/index.ts';
import { localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import { parseLocalDate } from '../../subscriptions/domain/billing-window.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentPlanInvoices, paymentPlans } from '../db/schema.ts';
import { assertSchedule, dueDates, evenSplit, type Instalment } from '../domain/schedule.ts';
import { moveReceivable } from './move-receivable.ts';

export type PlanScheduleInput = { instalments: { amount: number; dueDate: string }[] } | { count: number; interval: 'week' | 'month'; firstDueDate: string };

export type CreatePlanInput = {
  customer: string;
  /** The invoices to move into the plan; or `balance: true` for everything the customer owes. */
  invoices?: string[];
  balance?: boolean;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  schedule: PlanScheduleInput;
};

/** Invoices that may move into a plan: open, owing something, not a deposit, not already in a plan. */
function eligible(invoice: InvoiceRow): boolean {
  return invoice.status === 'open' && invoice.amountRemaining > 0 && invoice.billingReason !== 'deposit' && invoice.paymentPlanId === null;
}

async function originalsOf(tx: Tx, tenant: TenantContext, customerId: string, input: CreatePlanInput): Promise<InvoiceRow[]> {
  if (input.balance) {
    const open = await tx
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, tenant.id),
          eq(invoices.customerId, customerId),
          eq(invoices.status, 'open'),
          gt(invoices.amountRemaining, 0),
          ne(invoices.billingReason, 'deposit'),
          isNull(invoices.paymentPlanId),
        ),
      )
      .orderBy(asc(invoices.dueDate), asc(invoices.id))
      .for('update');
    if (open.length === 0) fail('plan_nothing_to_move', 'This customer has no open invoices to move into a plan.', 'balance');
    return open;
  }
  const ids = [...new Set(input.invoices ?? [])];
  const rows: InvoiceRow[] = [];
  for (const [i, id] of ids.entries()) {
    const invoice = await findInvoice(tx, tenant.id, id, { forUpdate: true, param: `invoices[${i}]` });
    if (invoice.customerId !== customerId) fail('plan_invoice_not_eligible', `Invoice ${id} belongs to another customer.`, `invoices[${i}]`);
    if (!eligible(invoice)) {
      const why = invoice.paymentPlanId
        ? `is already in payment plan ${invoice.paymentPlanId}`
        : `is ${invoice.status}${invoice.billingReason === 'deposit' ? ' (a deposit)' : ''}`;
      fail('plan_invoice_not_eligible', `Invoice ${invoice.number ?? id} ${why}.`, `invoices[${i}]`);
    }
    rows.push(invoice);
  }
  return rows;
}

function scheduleOf(input: PlanScheduleInput, total: number): Instalment[] {
  if ('instalments' in input) return input.instalments.map((i) => ({ amount: i.amount, dueDate: parseLocalDate(i.dueDate) }));
  const dates = dueDates(parseLocalDate(input.firstDueDate), input.interval, input.count);
  const amounts = evenSplit(total, input.count);
  if (amounts.some((a) => a < 1)) fail('parameter_invalid', `${total} cannot be split into ${input.count} instalments of at least 1.`, 'count');
  return amounts.map((amount, i) => ({ amount, dueDate: dates[i]! }));
}

/**
 * Splits one or more open invoices (or the customer's whole open balance) into instalments,
 * each an ordinary invoice with its own due date, so autopay, reminders and aging treat every
 * instalment on its own. One transaction: a schedule that does not add up writes nothing.
 */
export async function createPaymentPlan(ctx: AppContext, tenant: TenantContext, input: CreatePlanInput): Promise<string> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const customer = await findCustomer(tx, tenant.id, input.customer);
    const originals = await originalsOf(tx, tenant, customer.id, input);
    const currencies = new Set(originals.map((o) => o.currency));
    if (currencies.size > 1) fail('plan_invoice_not_eligible', 'The invoices are in different currencies; make one plan per currency.', 'invoices');
    const total = originals.reduce((s, o) => s + o.amountRemaining, 0);
    if (total === 0) fail('plan_nothing_to_move');
    const today = toLocalDate(tenant.now, tenant.timezone);
    const schedule = scheduleOf(input.schedule, total);
    assertSchedule(schedule, total, today);

    const collectionMethod =
      input.collectionMethod ?? (originals.every((o) => o.collectionMethod === 'charge_automatically') ? 'charge_automatically' : 'send_invoice');
    const plan = { id: newId('pp'), customerId: customer.id, currency: originals[0]!.currency, collectionMethod };
    await tx.insert(paymentPlans).values({ tenantId: tenant.id, ...plan, status: 'active', amount: total, createdAt: tenant.now });
    await tx.insert(paymentPlanInvoices).values(
      originals.map((o) => ({
        tenantId: tenant.id,
        planId: plan.id,
        invoiceId: o.id,
        role: 'original',
        position: 0,
        amount: o.amountRemaining,
        createdAt: tenant.now,
      })),
    );

    // The instalment line is read by the client, so it is in the client's language.
    const t = translator(resolveLocale(customer.preferredLocales, tenant.locale));
    const originalNumbers = originals.map((o) => o.number ?? o.id).join(', ');
    await moveReceivable(
      tx,
      tenant,
      plan,
      originals,
      schedule.map((s, i) => ({
        amount: s.amount,
        dueDate: localMidnightToInstant(s.dueDate, tenant.timezone),
        position: i + 1,
        description: t('plans:instalment_line', { position: i + 1, count: schedule.length, invoices: originalNumbers }),
      })),
    );
    // A plan settles what the original invoices owed: a subscription waiting on one is in good standing again.
    for (const original of originals.filter((o) => o.subscriptionId)) {
      for (const listener of ctx.paymentOutcomeListeners) {
        await listener(tx, { tenantId: tenant.id, invoiceId: original.id, subscriptionId: original.subscriptionId, outcome: 'invoice_paid', at: tenant.now });
      }
    }
    await enqueueOutbox(tx, tenant.id, 'payment_plan.created', { payment_plan: plan.id, customer: customer.id, amount: total }, tenant.now);
    return plan.id;
  });
}
