import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, rows } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { findCustomer } from '../../customers/index.ts';
import { compareLocalDates, type LocalDate, localMidnightToInstant, toLocalDate } from '../../subscriptions/domain/billing-calendar.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { AGING_BUCKET_KEYS, type AgingAmounts, type AgingWindow, addAmounts, agingWindow, emptyAmounts } from '../domain/aging.ts';

export type AgingRow = { customerId: string; customerName: string; currency: string; amounts: AgingAmounts };
export type AgingTotal = { currency: string; customers: number; amounts: AgingAmounts };
export type AgingReport = { asOf: string; timeZone: string; end: Date; rows: AgingRow[]; totals: AgingTotal[] };

type Raw = { customer_id: string; name: string; currency: string } & Record<string, number | string | null>;

const formatDate = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** Column name of a bucket in the query (`1_30` is not a plain SQL identifier). */
const column = (bucket: string) => `b_${bucket}`;

/** One sum per bucket: each bucket holds the invoices due in [its start, the previous bucket's start). */
function bucketSums(window: AgingWindow): SQL {
  let newerFrom: Date | null = null;
  const sums: SQL[] = [];
  for (const key of AGING_BUCKET_KEYS) {
    const from = window.dueFrom.find((d) => d.bucket === key)?.from ?? null;
    const conditions: SQL[] = [];
    if (from)
      conditions.push(
        key === 'current'
          ? sql`(i.due_date is null or i.due_date >= ${from.toISOString()}::timestamptz)`
          : sql`i.due_date >= ${from.toISOString()}::timestamptz`,
      );
    if (newerFrom) conditions.push(sql`i.due_date < ${newerFrom.toISOString()}::timestamptz`);
    sums.push(sql`coalesce(sum(r.amount) filter (where ${sql.join(conditions, sql` and `)}), 0)::float8 as ${sql.identifier(column(key))}`);
    newerFrom = from;
  }
  return sql.join(sums, sql`, `);
}

/**
 * The report as of the end of a local day, read from the ledger alone so any past date is exact:
 * per invoice the receivable lines posted before the day ended, bucketed by the invoice's due
 * date; per customer the credit they held (kept apart: credit is not a receivable).
 */
export async function agingReport(ctx: AppContext, tenant: TenantContext, input: { asOf?: string; customer?: string }): Promise<AgingReport> {
  const today = toLocalDate(tenant.now, tenant.timezone);
  const asOf = input.asOf ? parseDate(input.asOf) : today;
  if (compareLocalDates(asOf, today) > 0) fail('parameter_invalid', `as_of must not be after today (${formatDate(today)} in ${tenant.timezone}).`, 'as_of');
  const window = agingWindow(asOf, (d) => localMidnightToInstant(d, tenant.timezone));
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    if (input.customer) await findCustomer(tx, tenant.id, input.customer, { allowMerged: true });
    // The report hashes every invoice of the business once; give it room so the hash stays in memory.
    await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
    const raw = await rows<Raw>(tx, agingQuery(tenant.id, window, input.customer));
    return { asOf: formatDate(asOf), timeZone: tenant.timezone, end: window.end, ...summarize(raw) };
  });
}

/**
 * The one statement behind the report (exported so the benchmark can EXPLAIN it). Receivable lines
 * are joined to their invoice (customer, currency, due date) and summed per customer and bucket in
 * one pass: sums are linear, so an invoice whose lines net to zero by the date adds nothing, and
 * grouping 10,000 customers instead of 100,000 invoices keeps the aggregate small.
 */
export function agingQuery(tenantId: string, window: AgingWindow, customer?: string): SQL {
  const end = window.end.toISOString();
  const forCustomer = customer ? sql`and l.customer_id = ${customer}` : sql``;
  const buckets = AGING_BUCKET_KEYS.map((k) => sql.identifier(column(k)));
  return sql`with aged as (
        select i.customer_id, i.currency, ${bucketSums(window)}, sum(r.amount)::float8 as total
        from (select l.invoice_id, l.debit - l.credit as amount
              from ledger_entries l
              where l.tenant_id = ${tenantId} and l.account = 'accounts_receivable' and l.invoice_id is not null
                and l.created_at < ${end}::timestamptz ${forCustomer}) r
        join invoices i on i.tenant_id = ${tenantId} and i.id = r.invoice_id
        group by i.customer_id, i.currency),
      credit as (
        select l.customer_id, l.currency, sum(l.credit - l.debit)::float8 as amount
        from ledger_entries l
        where l.tenant_id = ${tenantId} and l.account = 'customer_credit' and l.created_at < ${end}::timestamptz ${forCustomer}
        group by l.customer_id, l.currency)
      select c.id as customer_id, c.name, coalesce(a.currency, cr.currency) as currency,
             ${sql.join(
               buckets.map((b) => sql`coalesce(a.${b}, 0) as ${b}`),
               sql`, `,
             )},
             coalesce(a.total, 0) as total, coalesce(cr.amount, 0) as unapplied_credit
      from aged a
      full join credit cr on cr.customer_id = a.customer_id and cr.currency = a.currency
      join customers c on c.tenant_id = ${tenantId} and c.id = coalesce(a.customer_id, cr.customer_id)
      where coalesce(cr.amount, 0) <> 0 or ${sql.join(
        buckets.map((b) => sql`coalesce(a.${b}, 0) <> 0`),
        sql` or `,
      )}
      order by 3, c.name, c.id`;
}

function summarize(raw: Raw[]): { rows: AgingRow[]; totals: AgingTotal[] } {
  const totals = new Map<string, AgingTotal>();
  const result = raw.map((r) => {
    const amounts = emptyAmounts();
    for (const key of AGING_BUCKET_KEYS) amounts[key] = Number(r[column(key)]);
    amounts.total = Number(r.total);
    amounts.unappliedCredit = Number(r.unapplied_credit);
    const total = totals.get(r.currency) ?? { currency: r.currency, customers: 0, amounts: emptyAmounts() };
    total.customers += 1;
    addAmounts(total.amounts, amounts);
    totals.set(r.currency, total);
    return { customerId: r.customer_id, customerName: r.name, currency: r.currency, amounts };
  });
  return { rows: result, totals: [...totals.values()] };
}

function parseDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}
