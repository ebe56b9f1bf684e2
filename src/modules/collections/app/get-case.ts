import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { invoices } from '../../invoicing/index.ts';
import { messages } from '../../messaging/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { collectionTasks, dunningSteps, invoiceDunning } from '../db/schema.ts';
import { CASE_STATES } from '../domain/case.machine.ts';
import type { LadderStep, StepActionResult } from '../domain/ladder.ts';
import { stepInstant } from '../domain/schedule.ts';
import type { DunningRow } from './case-membership.ts';
import { loadLadder } from './ladder-settings.ts';
import { type CaseSummary, caseSummaries } from './list-cases.ts';

export type StepMessage = { id: string; channel: string; recipient: string; template: string; status: string; scheduledFor: Date | null; sentAt: Date | null };
export type StepProgress = {
  key: string;
  offsetDays: number;
  template: string | null;
  /** done | skipped (overtaken by a catch-up) | scheduled | paused | stopped | not_applicable (passed before the invoice was issued) */
  status: 'done' | 'skipped' | 'scheduled' | 'paused' | 'stopped' | 'not_applicable';
  scheduledFor: Date;
  executedAt: Date | null;
  messages: StepMessage[];
  actions: StepActionResult[];
};
export type CaseInvoice = { invoice: typeof invoices.$inferSelect; dunning: DunningRow; steps: StepProgress[] };
export type CaseTask = typeof collectionTasks.$inferSelect;
export type CaseDetail = CaseSummary & { invoices: CaseInvoice[]; tasks: CaseTask[] };

type StepRecord = typeof dunningSteps.$inferSelect;

function progress(ladder: LadderStep[], d: DunningRow, records: StepRecord[], byId: Map<string, StepMessage>): StepProgress[] {
  const recorded = new Map(records.map((r) => [r.stepKey, r]));
  const fromRecords = records.map(
    (r): StepProgress => ({
      key: r.stepKey,
      offsetDays: r.offsetDays,
      template: r.template,
      status: r.status === 'done' ? 'done' : 'skipped',
      scheduledFor: r.scheduledFor,
      executedAt: r.createdAt,
      messages: r.messageIds.flatMap((id) => byId.get(id) ?? []),
      actions: r.actions,
    }),
  );
  const upcoming = ladder
    .filter((s) => !recorded.has(s.key))
    .map((s): StepProgress => {
      const before = d.lastOffset !== null && s.offset_days <= d.lastOffset;
      const status = before ? 'not_applicable' : d.state === 'active' ? 'scheduled' : d.state === 'paused' ? 'paused' : 'stopped';
      return {
        key: s.key,
        offsetDays: s.offset_days,
        template: s.template,
        status,
        scheduledFor: stepInstant(d.localDueDate, s.offset_days, d.timeZone),
        executedAt: null,
        messages: [],
        actions: [],
      };
    });
  return [...fromRecords, ...upcoming].sort((a, b) => a.offsetDays - b.offsetDays);
}

/** Loads a case of this business or answers 404, whatever another business may have. */
export async function findCaseDetail(tx: Tx, tenant: TenantContext, id: string): Promise<CaseDetail> {
  const [summary] = await caseSummaries(tx, tenant, { states: [...CASE_STATES], id });
  if (!summary) notFound('collection case', id);
  const members = await tx
    .select()
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.caseId, id)))
    .orderBy(asc(invoiceDunning.localDueDate));
  const invoiceIds = members.map((m) => m.invoiceId);
  const invoiceRows = invoiceIds.length
    ? await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, invoiceIds)))
    : [];
  const records = invoiceIds.length
    ? await tx
        .select()
        .from(dunningSteps)
        .where(and(eq(dunningSteps.tenantId, tenant.id), inArray(dunningSteps.invoiceId, invoiceIds)))
        .orderBy(asc(dunningSteps.offsetDays))
    : [];
  const messageIds = records.flatMap((r) => r.messageIds);
  const messageRows = messageIds.length
    ? await tx
        .select()
        .from(messages)
        .where(and(eq(messages.tenantId, tenant.id), inArray(messages.id, messageIds)))
    : [];
  const byId = new Map(
    messageRows.map((m): [string, StepMessage] => [
      m.id,
      { id: m.id, channel: m.channel, recipient: m.recipient, template: m.template, status: m.status, scheduledFor: m.nextAttemptAt, sentAt: m.sentAt },
    ]),
  );
  const { steps: ladder } = await loadLadder(tx, tenant.id);
  const tasks = invoiceIds.length
    ? await tx
        .select()
        .from(collectionTasks)
        .where(and(eq(collectionTasks.tenantId, tenant.id), inArray(collectionTasks.invoiceId, invoiceIds)))
        .orderBy(asc(collectionTasks.createdAt))
    : [];
  return {
    ...summary,
    invoices: members.map((d) => ({
      invoice: invoiceRows.find((i) => i.id === d.invoiceId)!,
      dunning: d,
      steps: progress(
        ladder,
        d,
        records.filter((r) => r.invoiceId === d.invoiceId),
        byId,
      ),
    })),
    tasks,
  };
}

export function getCase(ctx: AppContext, tenant: TenantContext, id: string): Promise<CaseDetail> {
  return inTenantTx(ctx.db, tenant.id, (tx) => findCaseDetail(tx, tenant, id));
}
