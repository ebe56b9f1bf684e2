import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, rows, type Tx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import type { CaseState } from '../domain/case.machine.ts';
import type { LadderStep } from '../domain/ladder.ts';
import { remainingSteps } from '../domain/schedule.ts';
import { loadLadder } from './ladder-settings.ts';

export type CaseSummary = {
  id: string;
  customerId: string;
  customerName: string;
  currency: string;
  state: CaseState;
  amountOverdue: number;
  invoiceCount: number;
  oldestDueDate: Date | null;
  daysOverdue: number;
  /** amount x days overdue: what the work queue is ordered by. */
  priority: number;
  lastStep: { key: string; invoiceId: string; at: Date } | null;
  nextStep: { key: string; invoiceId: string; at: Date } | null;
  openedAt: Date;
  handedOffAt: Date | null;
  writtenOff: boolean;
  closedAt: Date | null;
  closedReason: string | null;
};

type CaseSqlRow = {
  id: string;
  customer_id: string;
  customer_name: string;
  currency: string;
  state: CaseState;
  amount: string | number;
  days: string | number;
  oldest_due: Date | string | null;
  invoice_count: string | number;
  priority: string | number;
  opened_at: Date | string;
  handed_off_at: Date | string | null;
  written_off: boolean;
  closed_at: Date | string | null;
  closed_reason: string | null;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

/**
 * The cases with what the desk needs to pick the next call: amount overdue, days overdue of the
 * oldest invoice, last and next step. Days are calendar days in each client's time zone.
 */
async function caseRows(tx: Tx, tenant: TenantContext, filter: { states: CaseState[]; id?: string }): Promise<CaseSqlRow[]> {
  const now = tenant.now.toISOString();
  return rows<CaseSqlRow>(
    tx,
    sql`with members as (
          select d.case_id, i.amount_remaining, i.due_date,
                 ((${now}::timestamptz at time zone d.time_zone)::date - d.local_due_date::date) as days
          from invoice_dunning d
          join invoices i on i.tenant_id = d.tenant_id and i.id = d.invoice_id
          where d.tenant_id = ${tenant.id} and d.case_id is not null and d.state <> 'closed'
        ), totals as (
          select case_id, sum(amount_remaining) as amount, max(days) as days, min(due_date) as oldest_due, count(*) as invoice_count
          from members group by case_id
        )
        select c.id, c.customer_id, cu.name as customer_name, c.currency, c.state,
               coalesce(t.amount, 0) as amount, greatest(coalesce(t.days, 0), 0) as days, t.oldest_due,
               coalesce(t.invoice_count, 0) as invoice_count,
               coalesce(t.amount, 0) * greatest(coalesce(t.days, 0), 0) as priority,
               c.opened_at, c.handed_off_at, c.written_off, c.closed_at, c.closed_reason
        from collection_cases c
        join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
        left join totals t on t.case_id = c.id
        where c.tenant_id = ${tenant.id}
          and c.state in (${sql.join(
            filter.states.map((s) => sql`${s}`),
            sql`, `,
          )})
          ${filter.id ? sql`and c.id = ${filter.id}` : sql``}
        order by priority desc, c.opened_at asc, c.id asc`,
  );
}

/** Last step done and next step due per case, named from the ladder. */
async function steps(tx: Tx, tenant: TenantContext, caseIds: string[], ladder: LadderStep[]) {
  if (caseIds.length === 0) return { last: new Map(), next: new Map() };
  const ids = sql.join(
    caseIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const last = await rows<{ case_id: string; step_key: string; invoice_id: string; created_at: Date | string }>(
    tx,
    sql`select distinct on (d.case_id) d.case_id, s.step_key, s.invoice_id, s.created_at
        from dunning_steps s join invoice_dunning d on d.tenant_id = s.tenant_id and d.invoice_id = s.invoice_id
        where s.tenant_id = ${tenant.id} and d.case_id in (${ids}) and s.status = 'done'
        order by d.case_id, s.created_at desc, s.id desc`,
  );
  const next = await rows<{ case_id: string; invoice_id: string; next_step_at: Date | string; last_offset: number | null }>(
    tx,
    sql`select distinct on (case_id) case_id, invoice_id, next_step_at, last_offset
        from invoice_dunning
        where tenant_id = ${tenant.id} and case_id in (${ids}) and state = 'active' and next_step_at is not null
        order by case_id, next_step_at asc`,
  );
  return {
    last: new Map(last.map((l) => [l.case_id, { key: l.step_key, invoiceId: l.invoice_id, at: new Date(l.created_at) }])),
    next: new Map(
      next.flatMap((n) => {
        const step = remainingSteps(ladder, n.last_offset === null ? null : Number(n.last_offset))[0];
        return step ? [[n.case_id, { key: step.key, invoiceId: n.invoice_id, at: new Date(n.next_step_at) }] as const] : [];
      }),
    ),
  };
}

export async function caseSummaries(tx: Tx, tenant: TenantContext, filter: { states: CaseState[]; id?: string }): Promise<CaseSummary[]> {
  return summarize(tx, tenant, await caseRows(tx, tenant, filter));
}

async function summarize(tx: Tx, tenant: TenantContext, found: CaseSqlRow[]): Promise<CaseSummary[]> {
  const { steps: ladder } = await loadLadder(tx, tenant.id);
  const { last, next } = await steps(
    tx,
    tenant,
    found.map((c) => c.id),
    ladder,
  );
  return found.map((c) => ({
    id: c.id,
    customerId: c.customer_id,
    customerName: c.customer_name,
    currency: c.currency,
    state: c.state,
    amountOverdue: Number(c.amount),
    invoiceCount: Number(c.invoice_count),
    oldestDueDate: date(c.oldest_due),
    daysOverdue: Number(c.days),
    priority: Number(c.priority),
    lastStep: last.get(c.id) ?? null,
    nextStep: next.get(c.id) ?? null,
    openedAt: new Date(c.opened_at),
    handedOffAt: date(c.handed_off_at),
    writtenOff: c.written_off,
    closedAt: date(c.closed_at),
    closedReason: c.closed_reason,
  }));
}

/** The work queue: cases ordered by amount x age, a page at a time (`starting_after` a case id). */
export async function listCases(ctx: AppContext, tenant: TenantContext, query: { states: CaseState[]; limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const all = await caseRows(tx, tenant, { states: query.states });
    const start = query.startingAfter ? all.findIndex((c) => c.id === query.startingAfter) + 1 : 0;
    return summarize(tx, tenant, all.slice(start, start + query.limit + 1));
  });
}
