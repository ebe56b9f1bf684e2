import { sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client.ts';
import { rows } from '../platform/db/tx.ts';

/** How one retry policy fared against the simulated portfolio. */
export type RecoveryReport = {
  policy: string;
  recurring_charges: number;
  declined_first_try: number;
  declined_first_try_pct: number;
  recovered: number;
  recovered_pct: number;
  median_days_to_recover: number | null;
  involuntary_churn: number;
  involuntary_churn_pct: number;
  hard_decline_retries: number;
  total_retries: number;
  collected: number;
  ledger_balance: number;
};

/** Days after the first failure that count as "lost for non-payment" when the subscription is still only past due. */
const LOST_AFTER_DAYS = 21;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0);

/**
 * The recovery figures of one business, from its own rows:
 *   recurring charges  - first attempts on subscription invoices
 *   recovered          - declined at the first try, paid since (by a retry or a new card)
 *   involuntary churn  - subscriptions stopped by the policy (unpaid, paused, canceled) or still past
 *                        due with a declined invoice older than three weeks (a card that never came)
 *   hard-decline retry - an attempt with the same card right after that card was declined hard
 */
export async function recoveryReport(db: Database, tenantId: string, policy: string, now: Date): Promise<RecoveryReport> {
  const [f] = await rows<Record<string, number | string | null>>(
    db,
    sql`with first_try as (
          select a.invoice_id, a.status, a.created_at, i.status as invoice_status, i.paid_at
          from payment_attempts a join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
          where a.tenant_id = ${tenantId} and a.attempt_number = 1 and i.subscription_id is not null
        )
        select
          (select count(*) from first_try) as recurring_charges,
          (select count(*) from first_try where status = 'failed') as declined,
          (select count(*) from first_try where status = 'failed' and invoice_status = 'paid') as recovered,
          (select percentile_cont(0.5) within group (order by extract(epoch from paid_at - created_at) / 86400)
             from first_try where status = 'failed' and invoice_status = 'paid') as median_days,
          (select count(*) from subscriptions where tenant_id = ${tenantId}) as subscriptions,
          (select count(*) from subscriptions s where s.tenant_id = ${tenantId} and (
             s.status in ('unpaid', 'paused', 'canceled')
             or (s.status = 'past_due' and exists (
               select 1 from invoices i join payment_attempts a on a.tenant_id = i.tenant_id and a.invoice_id = i.id and a.attempt_number = 1
               where i.tenant_id = s.tenant_id and i.subscription_id = s.id and i.status = 'open' and a.status = 'failed'
                 and a.created_at < ${new Date(now.getTime() - LOST_AFTER_DAYS * 86_400_000).toISOString()}::timestamptz)))) as churned,
          (select count(*) from payment_attempts a join payment_attempts prev
             on prev.tenant_id = a.tenant_id and prev.invoice_id = a.invoice_id and prev.attempt_number = a.attempt_number - 1
           where a.tenant_id = ${tenantId} and prev.decline_kind = 'hard' and prev.payment_method_id = a.payment_method_id) as hard_retries,
          (select count(*) from payment_attempts where tenant_id = ${tenantId} and attempt_number > 1) as retries,
          (select coalesce(sum(amount), 0) from payments where tenant_id = ${tenantId}) as collected,
          (select coalesce(sum(debit - credit), 0) from ledger_entries where tenant_id = ${tenantId}) as ledger_balance`,
  );
  const n = (key: string) => Number(f?.[key] ?? 0);
  const median = f?.median_days;
  return {
    policy,
    recurring_charges: n('recurring_charges'),
    declined_first_try: n('declined'),
    declined_first_try_pct: pct(n('declined'), n('recurring_charges')),
    recovered: n('recovered'),
    recovered_pct: pct(n('recovered'), n('declined')),
    median_days_to_recover: median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10,
    involuntary_churn: n('churned'),
    involuntary_churn_pct: pct(n('churned'), n('subscriptions')),
    hard_decline_retries: n('hard_retries'),
    total_retries: n('retries'),
    collected: n('collected'),
    ledger_balance: n('ledger_balance'),
  };
}

/** The side-by-side table `duly simulate` prints. */
export function recoveryTable(reports: RecoveryReport[]): string[] {
  const lines: [string, (r: RecoveryReport) => string][] = [
    ['recurring charges', (r) => String(r.recurring_charges)],
    ['declined first try', (r) => `${r.declined_first_try} (${r.declined_first_try_pct}%)`],
    ['recovered', (r) => `${r.recovered} (${r.recovered_pct}% of declined)`],
    ['median days to recover', (r) => (r.median_days_to_recover === null ? '-' : String(r.median_days_to_recover))],
    ['involuntary churn', (r) => `${r.involuntary_churn} (${r.involuntary_churn_pct}%)`],
    ['retries on hard declines', (r) => String(r.hard_decline_retries)],
    ['total retries', (r) => String(r.total_retries)],
  ];
  const width = 26;
  const column = 26;
  const header = `  ${''.padEnd(width)}${reports.map((r) => r.policy.padEnd(column)).join('')}`;
  return [header, ...lines.map(([label, cell]) => `  ${label.padEnd(width)}${reports.map((r) => cell(r).padEnd(column)).join('')}`)];
}
