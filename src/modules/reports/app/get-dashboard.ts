import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, rows, type Tx } from '../../../platform/db/tx.ts';
import { addDaysLocal, type LocalDate, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { AGING_BUCKET_KEYS, type AgingBucket, type AgingWindow, agingWindow } from '../domain/aging.ts';

export type MonthTotal = { month: string; collected: number };
export type RecoveryRate = { failed: number; recovered: number; rate: number | null };
export type WorkItemType = 'reminder_due' | 'card_needed' | 'hand_off' | 'task';
export type WorkItem = {
  type: WorkItemType;
  invoiceId: string | null;
  invoiceNumber: string | null;
  customerId: string;
  customerName: string;
  caseId: string | null;
  amount: number;
  at: Date | null;
  detail: string | null;
};
export type Dashboard = {
  currency: string;
  timeZone: string;
  month: string;
  collectedThisMonth: number;
  outstanding: number;
  overdue: number;
  mrr: number;
  recovery: RecoveryRate;
  revenueTrend: MonthTotal[];
  aging: Record<AgingBucket, number>;
  workQueue: WorkItem[];
  workQueueCounts: Record<WorkItemType, number>;
};

/** How many work items of each kind the dashboard lists (the counts are exact). */
const WORK_ITEMS_PER_TYPE = 20;
const RECOVERY_WINDOW_DAYS = 90;

const monthKey = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}`;

/** The first day of the 12 local months ending with the current one, and the first day after them. */
function monthStarts(today: LocalDate): LocalDate[] {
  const starts: LocalDate[] = [];
  for (let back = 11; back >= -1; back--) {
    const index = today.year * 12 + (today.month - 1) - back;
    starts.push({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
  }
  return starts;
}

/**
 * The owner's first screen (B12): this month's takings, what is owed and late, MRR, how well
 * failed charges recover, a year of collections, AR aging and today's collection work — one
 * currency at a time (amounts in different currencies are never added), as of the business's
 * own clock and time zone. A handful of aggregate statements, each one pass over its table.
 */
export async function getDashboard(ctx: AppContext, tenant: TenantContext, input: { currency?: string }): Promise<Dashboard> {
  const currency = (input.currency ?? tenant.currency).toLowerCase();
  const today = toLocalDate(tenant.now, tenant.timezone);
  const midnight = (d: LocalDate) => localMidnightToInstant(d, tenant.timezone);
  const starts = monthStarts(today);
  const bounds = starts.map(midnight);
  const window = agingWindow(today, midnight);
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const trend = await revenueTrend(tx, tenant.id, currency, bounds);
    const owed = await openInvoices(tx, tenant.id, currency, window);
    const work = await workQueue(tx, tenant, currency, midnight(addDaysLocal(today, 1)));
    return {
      currency,
      timeZone: tenant.timezone,
      month: monthKey(today),
      collectedThisMonth: trend.at(-1)!,
      outstanding: owed.outstanding,
      overdue: owed.overdue,
      mrr: await mrr(tx, tenant.id, currency),
      recovery: await recoveryRate(tx, tenant.id, currency, new Date(tenant.now.getTime() - RECOVERY_WINDOW_DAYS * 86_400_000)),
      revenueTrend: trend.map((collected, i) => ({ month: monthKey(starts[i]!), collected })),
      aging: owed.aging,
      ...work,
    };
  });
}

/** Money received minus money refunded, per local month: payments by when received, refunds by when made. */
async function revenueTrend(tx: Tx, tenantId: string, currency: string, bounds: Date[]): Promise<number[]> {
  const from = bounds[0]!.toISOString();
  const to = bounds.at(-1)!.toISOString();
  const sums: SQL[] = [];
  for (let i = 0; i < bounds.length - 1; i++)
    sums.push(
      sql`coalesce(sum(m.amount) filter (where m.at >= ${bounds[i]!.toISOString()}::timestamptz and m.at < ${bounds[i + 1]!.toISOString()}::timestamptz), 0)::float8 as ${sql.identifier(`m${i}`)}`,
    );
  const [row] = await rows<Record<string, number>>(
    tx,
    sql`select ${sql.join(sums, sql`, `)}
        from (select p.received_at as at, p.amount from payments p
              where p.tenant_id = ${tenantId} and p.currency = ${currency}
                and p.received_at >= ${from}::timestamptz and p.received_at < ${to}::timestamptz
              union all
              select r.created_at, -r.amount from refunds r
              where r.tenant_id = ${tenantId} and r.currency = ${currency} and r.status = 'succeeded'
                and r.created_at >= ${from}::timestamptz and r.created_at < ${to}::timestamptz) m`,
  );
  return bounds.slice(1).map((_, i) => Number(row?.[`m${i}`] ?? 0));
}

/**
 * Open invoices in one pass: what is still owed, the part due before today (due today is not late
 * yet) and the aging buckets with the aging report's boundaries. What an open invoice still owes is
 * its receivable (the audit checks they agree), so this reads the invoices, not the whole ledger.
 */
async function openInvoices(tx: Tx, tenantId: string, currency: string, window: AgingWindow) {
  let newerFrom: Date | null = null;
  const sums: SQL[] = [];
  for (const key of AGING_BUCKET_KEYS) {
    const from = window.dueFrom.find((d) => d.bucket === key)?.from ?? null;
    const conditions: SQL[] = [];
    if (from)
      conditions.push(
        key === 'current' ? sql`(due_date is null or due_date >= ${from.toISOString()}::timestamptz)` : sql`due_date >= ${from.toISOString()}::timestamptz`,
      );
    if (newerFrom) conditions.push(sql`due_date < ${newerFrom.toISOString()}::timestamptz`);
    sums.push(sql`coalesce(sum(amount_remaining) filter (where ${sql.join(conditions, sql` and `)}), 0)::float8 as ${sql.identifier(`b_${key}`)}`);
    newerFrom = from;
  }
  const todayStart = window.dueFrom[0]!.from.toISOString();
  const [row] = await rows<Record<string, number>>(
    tx,
    sql`select coalesce(sum(amount_remaining), 0)::float8 as outstanding,
               coalesce(sum(amount_remaining) filter (where due_date < ${todayStart}::timestamptz), 0)::float8 as overdue,
               ${sql.join(sums, sql`, `)}
        from invoices where tenant_id = ${tenantId} and status = 'open' and currency = ${currency}`,
  );
  const aging = Object.fromEntries(AGING_BUCKET_KEYS.map((k) => [k, Number(row?.[`b_${k}`] ?? 0)])) as Record<AgingBucket, number>;
  return { outstanding: Number(row?.outstanding ?? 0), overdue: Number(row?.overdue ?? 0), aging };
}

/**
 * Monthly recurring revenue of active and past-due subscriptions: each item's quantity x unit
 * amount spread over a month (a year is 12 months, a week 52/12 of a month, a day 365/12).
 */
async function mrr(tx: Tx, tenantId: string, currency: string): Promise<number> {
  const [row] = await rows<{ mrr: number }>(
    tx,
    sql`select coalesce(sum(si.quantity::float8 * p.unit_amount * (case s.interval when 'day' then 365.0 / 12 when 'week' then 52.0 / 12
                 when 'year' then 1.0 / 12 else 1 end) / greatest(s.interval_count, 1)), 0)::float8 as mrr
        from subscriptions s
        join subscription_items si on si.tenant_id = s.tenant_id and si.subscription_id = s.id
        join prices p on p.tenant_id = si.tenant_id and p.id = si.price_id
        where s.tenant_id = ${tenantId} and s.status in ('active', 'past_due') and s.currency = ${currency}`,
  );
  return Math.round(Number(row?.mrr ?? 0));
}

/** Of the invoices whose first automatic charge failed since `since`, how many have been paid since. */
async function recoveryRate(tx: Tx, tenantId: string, currency: string, since: Date): Promise<RecoveryRate> {
  const [row] = await rows<{ failed: number; recovered: number }>(
    tx,
    sql`select count(*)::int as failed, count(*) filter (where i.status = 'paid')::int as recovered
        from payment_attempts a
        join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
        where a.tenant_id = ${tenantId} and a.attempt_number = 1 and a.status = 'failed' and a.currency = ${currency}
          and a.created_at >= ${since.toISOString()}::timestamptz`,
  );
  const failed = Number(row?.failed ?? 0);
  const recovered = Number(row?.recovered ?? 0);
  return { failed, recovered, rate: failed === 0 ? null : recovered / failed };
}

type WorkRow = {
  type: WorkItemType;
  invoice_id: string | null;
  invoice_number: string | null;
  customer_id: string;
  customer_name: string;
  case_id: string | null;
  amount: string | number;
  at: Date | string | null;
  detail: string | null;
  total: string | number;
};

/**
 * Today's collection work: reminder steps due by the end of the local day, invoices whose charge
 * failed with no retry left (the client must give a new card), cases handed off to collections
 * and follow-up tasks the ladder assigned. Each kind capped, most pressing first, with exact counts.
 */
async function workQueue(tx: Tx, tenant: TenantContext, currency: string, endOfToday: Date) {
  const t = tenant.id;
  const end = endOfToday.toISOString();
  const found = await rows<WorkRow>(
    tx,
    sql`with items as (
          select 'reminder_due' as type, d.invoice_id, i.number as invoice_number, d.customer_id, d.case_id,
                 i.amount_remaining as amount, d.next_step_at as at, null as detail
          from invoice_dunning d join invoices i on i.tenant_id = d.tenant_id and i.id = d.invoice_id
          where d.tenant_id = ${t} and d.state = 'active' and d.next_step_at < ${end}::timestamptz and d.currency = ${currency}
          union all
          select 'card_needed', i.id, i.number, i.customer_id, d.case_id, i.amount_remaining, a.completed_at, a.decline_code
          from invoices i
          join lateral (select pa.status, pa.completed_at, pa.decline_code from payment_attempts pa
                        where pa.tenant_id = i.tenant_id and pa.invoice_id = i.id order by pa.attempt_number desc limit 1) a on true
          left join invoice_dunning d on d.tenant_id = i.tenant_id and d.invoice_id = i.id
          where i.tenant_id = ${t} and i.status = 'open' and i.currency = ${currency} and i.next_payment_attempt is null and a.status = 'failed'
          union all
          select 'hand_off', null, null, c.customer_id, c.id,
                 (select coalesce(sum(ii.amount_remaining), 0) from invoice_dunning dd join invoices ii on ii.tenant_id = dd.tenant_id and ii.id = dd.invoice_id
                  where dd.tenant_id = c.tenant_id and dd.case_id = c.id and dd.state <> 'closed'),
                 c.handed_off_at, null
          from collection_cases c
          where c.tenant_id = ${t} and c.state = 'in_collections' and c.currency = ${currency}
          union all
          select 'task', k.invoice_id, i.number, i.customer_id, k.case_id, i.amount_remaining, k.created_at, k.note
          from collection_tasks k join invoices i on i.tenant_id = k.tenant_id and i.id = k.invoice_id
          where k.tenant_id = ${t} and k.status = 'open' and i.currency = ${currency}
        ), ranked as (
          select items.*, row_number() over (partition by type order by at asc nulls last, amount desc) as n,
                 count(*) over (partition by type) as total
          from items
        )
        select r.type, r.invoice_id, r.invoice_number, r.customer_id, cu.name as customer_name, r.case_id, r.amount, r.at, r.detail, r.total
        from ranked r join customers cu on cu.tenant_id = ${t} and cu.id = r.customer_id
        where r.n <= ${WORK_ITEMS_PER_TYPE}
        order by r.type, r.n`,
  );
  const workQueueCounts: Record<WorkItemType, number> = { reminder_due: 0, card_needed: 0, hand_off: 0, task: 0 };
  for (const r of found) workQueueCounts[r.type] = Number(r.total);
  const order: WorkItemType[] = ['card_needed', 'reminder_due', 'hand_off', 'task'];
  const workQueue = found
    .map(
      (r): WorkItem => ({
        type: r.type,
        invoiceId: r.invoice_id,
        invoiceNumber: r.invoice_number,
        customerId: r.customer_id,
        customerName: r.customer_name,
        caseId: r.case_id,
        amount: Number(r.amount),
        at: r.at === null ? null : new Date(r.at),
        detail: r.detail,
      }),
    )
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  return { workQueue, workQueueCounts };
}
