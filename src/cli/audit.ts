import { sql } from 'drizzle-orm';
import type { Queryable } from '../platform/db/tx.ts';
import { rows } from '../platform/db/tx.ts';

export type Violation = { check: string; detail: Record<string, unknown> };

/** The invariants of DESIGN.md, each a query that returns the rows that break it. */
const CHECKS: { check: string; query: ReturnType<typeof sql> }[] = [
  {
    check: 'journal entry does not balance',
    query: sql`select tenant_id, journal_id, sum(debit) - sum(credit) as difference from ledger_entries
               group by tenant_id, journal_id having sum(debit) <> sum(credit)`,
  },
  {
    check: 'subscription period billed more than once',
    query: sql`select tenant_id, subscription_id, period_start, count(*) as invoices from invoices
               where subscription_id is not null and billing_reason in ('subscription_create', 'subscription_cycle')
               group by tenant_id, subscription_id, period_start having count(*) > 1`,
  },
  {
    check: 'invoice lines do not add up to the invoice total',
    query: sql`select i.tenant_id, i.id, i.total, coalesce(sum(l.total), 0) as lines_total from invoices i
               left join invoice_lines l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
               group by i.tenant_id, i.id, i.total having i.total <> coalesce(sum(l.total), 0)`,
  },
  {
    check: 'invoice amount remaining does not match its payments and credits',
    query: sql`select i.tenant_id, i.id, i.amount_remaining,
                 greatest(i.total - i.credit_applied, 0) - i.amount_paid - i.discount_taken - i.amount_rescheduled - coalesce(cn.applied, 0) as expected
               from invoices i
               left join (select tenant_id, invoice_id, sum(applied_to_invoice) as applied from credit_notes group by 1, 2) cn
                 on cn.tenant_id = i.tenant_id and cn.invoice_id = i.id
               where i.status in ('open', 'paid', 'uncollectible')
                 and i.amount_remaining <> greatest(i.total - i.credit_applied, 0) - i.amount_paid - i.discount_taken - i.amount_rescheduled - coalesce(cn.applied, 0)`,
  },
  {
    check: 'customer receivable in the ledger differs from open invoices',
    query: sql`with ar as (
                 select tenant_id, customer_id, sum(debit - credit) as ledger from ledger_entries
                 where account = 'accounts_receivable' group by 1, 2),
               open as (
                 select tenant_id, customer_id, sum(amount_remaining) as invoices from invoices
                 where status = 'open' group by 1, 2)
               select coalesce(ar.tenant_id, open.tenant_id) as tenant_id, coalesce(ar.customer_id, open.customer_id) as customer_id,
                      coalesce(ar.ledger, 0) as ledger, coalesce(open.invoices, 0) as open_invoices
               from ar full join open on open.tenant_id = ar.tenant_id and open.customer_id = ar.customer_id
               where coalesce(ar.ledger, 0) <> coalesce(open.invoices, 0)`,
  },
  {
    // Aging reads receivables per invoice from the ledger, so every receivable line must name its
    // invoice and each invoice's lines must add up to what it still owes (0 once paid or void;
    // an uncollectible invoice's remainder sits in bad_debt instead). An id of null below is a
    // receivable line that names no invoice.
    check: 'invoice receivable in the ledger differs from the invoice',
    query: sql`with lines as (
                 select tenant_id, invoice_id,
                        sum(debit - credit) filter (where account = 'accounts_receivable') as receivable,
                        sum(debit - credit) filter (where account = 'bad_debt') as bad_debt
                 from ledger_entries where account in ('accounts_receivable', 'bad_debt') group by 1, 2)
               select coalesce(i.tenant_id, l.tenant_id) as tenant_id, i.id, i.status, i.amount_remaining,
                      coalesce(l.receivable, 0) as ledger_receivable, coalesce(l.bad_debt, 0) as ledger_bad_debt
               from invoices i
               full join lines l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
               where coalesce(l.receivable, 0) <> case when i.status = 'open' then i.amount_remaining else 0 end
                  or coalesce(l.bad_debt, 0) <> case when i.status = 'uncollectible' then i.amount_remaining else 0 end`,
  },
  {
    check: 'customer credit balance is negative',
    query: sql`select tenant_id, customer_id, currency, sum(credit - debit) as credit from ledger_entries
               where account = 'customer_credit' group by 1, 2, 3 having sum(credit - debit) < 0`,
  },
  {
    check: 'invoice charged successfully more than once',
    query: sql`select tenant_id, invoice_id, count(*) as successful_attempts from payment_attempts
               where status = 'succeeded' group by 1, 2 having count(*) > 1`,
  },
  {
    check: 'card payment without a succeeded attempt',
    query: sql`select p.tenant_id, p.id from payments p
               left join payment_attempts a on a.tenant_id = p.tenant_id and a.id = p.attempt_id
               where p.method = 'card' and (a.id is null or a.status <> 'succeeded')`,
  },
  {
    // What the card network holds back is exactly what undecided disputes claim.
    check: 'disputes account differs from the open disputes',
    query: sql`with held as (select tenant_id, sum(debit - credit) as ledger from ledger_entries where account = 'disputes' group by 1),
               open as (select tenant_id, sum(amount) as disputed from disputes where status in ('needs_response', 'under_review') group by 1)
               select coalesce(held.tenant_id, open.tenant_id) as tenant_id, coalesce(held.ledger, 0) as ledger, coalesce(open.disputed, 0) as open_disputes
               from held full join open on open.tenant_id = held.tenant_id
               where coalesce(held.ledger, 0) <> coalesce(open.disputed, 0)`,
  },
  {
    check: 'gateway charge without a recorded attempt',
    query: sql`select c.charge_id, c.idempotency_key, c.status from sandbox_charges c
               left join payment_attempts a on a.idempotency_key = c.idempotency_key
               where a.id is null`,
  },
  {
    check: 'gateway charged but the attempt records otherwise',
    query: sql`select a.tenant_id, a.id, a.status, c.status as gateway_status from payment_attempts a
               join sandbox_charges c on c.idempotency_key = a.idempotency_key
               where a.status in ('succeeded', 'failed') and a.status <> c.status`,
  },
  {
    check: 'invoice numbers are not gapless',
    query: sql`select t.id as tenant_id, t.last_invoice_number, count(i.number) as numbered,
                 coalesce(max(split_part(i.number, '-', 3)::bigint), 0) as highest
               from tenants t left join invoices i on i.tenant_id = t.id and i.number is not null
               group by t.id, t.last_invoice_number
               having count(i.number) <> t.last_invoice_number
                   or coalesce(max(split_part(i.number, '-', 3)::bigint), 0) <> t.last_invoice_number`,
  },
];

export async function runAudit(db: Queryable): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const { check, query } of CHECKS) {
    for (const detail of await rows<Record<string, unknown>>(db, query)) violations.push({ check, detail });
  }
  return violations;
}
