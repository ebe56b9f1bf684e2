import { and, eq } from 'drizzle-orm';
import { publicUrl } from '../../../platform/config.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { formatDate, formatMoney, resolveLocale } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids.ts';
import { customers } from '../../customers/index.ts';
import { assessLateFee, type InvoiceRow } from '../../invoicing/index.ts';
import { queueCustomerMessage, queueOwnerMessage } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { collectionTasks, dunningSteps } from '../db/schema.ts';
import type { LadderStep, PendingAction, StepAction, StepActionResult } from '../domain/ladder.ts';
import { OWNER_TEMPLATES, REMINDER_TEMPLATES } from '../domain/messages.ts';
import { daysOverdue, stepInstant } from '../domain/schedule.ts';
import type { DunningRow } from './case-membership.ts';
import { handOffCase } from './hand-off.ts';

export type StepContext = { row: DunningRow; invoice: InvoiceRow; caseId: string | null; writeOffOnHandOff: boolean };
export type StepOutcome = { pending: PendingAction[]; handedOff: boolean };

/** A step the catch-up overtook: on record, nothing sent. */
export async function recordSkippedStep(tx: Tx, tenant: TenantContext, c: StepContext, step: LadderStep): Promise<void> {
  await tx
    .insert(dunningSteps)
    .values(stepRecord(tenant, c, step, 'skipped'))
    .onConflictDoNothing();
}

/** The history row of one step for one invoice (unique per invoice and step, so a repeat writes nothing). */
function stepRecord(tenant: TenantContext, c: StepContext, step: LadderStep, status: 'done' | 'skipped'): typeof dunningSteps.$inferInsert {
  return {
    tenantId: tenant.id,
    id: newId('dstep'),
    invoiceId: c.invoice.id,
    caseId: c.caseId,
    stepKey: step.key,
    offsetDays: step.offset_days,
    template: step.template,
    status,
    scheduledFor: stepInstant(c.row.localDueDate, step.offset_days, c.row.timeZone),
    createdAt: tenant.now,
  };
}

/**
 * Runs one step for one invoice inside the caller's transaction: the message in the client's
 * language (its dedupe key `reminder:<invoice>:<step>` means a repeat never sends twice; quiet
 * hours are messaging's), then the step's actions, then the record of what happened.
 */
export async function executeStep(tx: Tx, tenant: TenantContext, c: StepContext, step: LadderStep): Promise<StepOutcome> {
  const messageIds = step.template ? await sendReminder(tx, tenant, c, step) : [];
  const outcome: StepOutcome = { pending: [], handedOff: false };
  const results: StepActionResult[] = [];
  for (const action of step.actions) results.push(await runAction(tx, tenant, c, step, action, outcome));
  await tx
    .insert(dunningSteps)
    .values({ ...stepRecord(tenant, c, step, 'done'), messageIds, actions: results })
    .onConflictDoNothing();
  return outcome;
}

async function sendReminder(tx: Tx, tenant: TenantContext, c: StepContext, step: LadderStep): Promise<string[]> {
  const [customer] = await tx
    .select({ preferredLocales: customers.preferredLocales })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, c.invoice.customerId)));
  const locale = resolveLocale(customer?.preferredLocales ?? [], tenant.locale);
  return queueCustomerMessage(tx, tenant, {
    customerId: c.invoice.customerId,
    template: REMINDER_TEMPLATES[step.template!],
    vars: {
      invoice_number: c.invoice.number ?? c.invoice.id,
      amount_due: formatMoney(c.invoice.amountRemaining, c.invoice.currency, locale),
      due_date: formatDate(c.invoice.dueDate!, locale, c.row.timeZone),
      days_overdue: Math.max(daysOverdue(c.row.localDueDate, c.row.timeZone, tenant.now), 0),
      pay_url: `${publicUrl()}/portal/invoices/${c.invoice.id}`,
    },
    relatedInvoiceId: c.invoice.id,
    attachInvoiceId: c.invoice.id,
    dedupeKey: `reminder:${c.invoice.id}:${step.key}`,
    channels: step.channels,
  });
}

async function runAction(tx: Tx, tenant: TenantContext, c: StepContext, step: LadderStep, action: StepAction, outcome: StepOutcome): Promise<StepActionResult> {
  switch (action.type) {
    case 'late_fee': {
      const fee = await assessLateFee(tx, tenant, { invoiceId: c.invoice.id, stepKey: step.key });
      return fee ? { type: 'late_fee', outcome: 'done', id: fee.feeInvoiceId } : { type: 'late_fee', outcome: 'not_applicable' };
    }
    case 'suspend':
      if (!c.invoice.subscriptionId) return { type: 'suspend', outcome: 'not_applicable' };
      outcome.pending.push({ type: 'suspend', subscriptionId: c.invoice.subscriptionId });
      return { type: 'suspend', outcome: 'queued', id: c.invoice.subscriptionId };
    case 'assign_task':
      return { type: 'assign_task', outcome: 'done', id: await assignTask(tx, tenant, c, step, action) };
    case 'hand_off': {
      if (!c.caseId) return { type: 'hand_off', outcome: 'not_applicable' };
      const days = daysOverdue(c.row.localDueDate, c.row.timeZone, tenant.now);
      outcome.pending.push(...(await handOffCase(tx, tenant, { caseId: c.caseId, invoiceId: c.invoice.id, writeOff: c.writeOffOnHandOff, daysOverdue: days })));
      outcome.handedOff = true;
      return { type: 'hand_off', outcome: 'done', id: c.caseId };
    }
  }
}

/** A follow-up for a staff member: a task on the case and an email telling them about it. */
async function assignTask(tx: Tx, tenant: TenantContext, c: StepContext, step: LadderStep, action: Extract<StepAction, { type: 'assign_task' }>) {
  const id = newId('ctask');
  await tx
    .insert(collectionTasks)
    .values({
      tenantId: tenant.id,
      id,
      caseId: c.caseId,
      invoiceId: c.invoice.id,
      stepKey: step.key,
      assigneeEmail: action.assignee_email,
      note: action.note ?? null,
      createdAt: tenant.now,
    })
    .onConflictDoNothing();
  const [customer] = await tx
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.id, c.invoice.customerId)));
  await queueOwnerMessage(
    tx,
    tenant,
    action.assignee_email,
    OWNER_TEMPLATES.taskAssigned,
    {
      customer_name: customer?.name ?? c.invoice.customerId,
      invoice_number: c.invoice.number ?? c.invoice.id,
      amount_due: formatMoney(c.invoice.amountRemaining, c.invoice.currency, resolveLocale([tenant.locale], 'en')),
      days_overdue: Math.max(daysOverdue(c.row.localDueDate, c.row.timeZone, tenant.now), 0),
      has_note: action.note ? 'yes' : 'no',
      note: action.note ?? '',
      case_url: `${publicUrl()}/app/collections/${c.caseId ?? ''}`,
    },
    `collections_task:${c.invoice.id}:${step.key}`,
  );
  return id;
}
