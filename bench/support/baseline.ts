import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.ts';
import { invoiceLines, invoices } from '../../src/modules/invoicing/db/schema.ts';
import { ledgerEntries } from '../../src/modules/ledger/db/schema.ts';
import { paymentAttempts } from '../../src/modules/payments/index.ts';
import type { TenantContext } from '../../src/modules/tenants/index.ts';
import { outbox } from '../../src/platform/db/outbox-schema.ts';
import { inTenantTx, rows } from '../../src/platform/db/tx.ts';
import { newId } from '../../src/platform/ids.ts';

/** How many rows one renewal wrote, per table, as counted after the renewal run. */
export type RowShape = { invoices: number; lines: number; ledger: number; attempts: number; outbox: number };

type Renewed = {
  id: string;
  customer_id: string;
  payment_method_id: string;
  status: string;
  current_period_index: number;
  current_period_start: Date | string;
  current_period_end: Date | string;
  next_billing_at: Date | string;
};

// Baseline rows carry this created_at so they can be removed before the audit.
export const BASELINE_MARK = new Date('2000-01-01T00:00:00.000Z');
const BASELINE_TABLES = ['invoices', 'invoice_lines', 'ledger_entries', 'payment_attempts', 'outbox'];

export type RowCounts = RowShape;

/** Total rows -> rows per renewal. */
export function shapeFromCounts(counts: RowCounts, renewed: number): RowShape {
  const per = (n: number) => Math.round(n / Math.max(renewed, 1));
  return { invoices: per(counts.invoices), lines: per(counts.lines), ledger: per(counts.ledger), attempts: per(counts.attempts), outbox: per(counts.outbox) };
}

/**
 * Rows of the renewal part (not the charge) counted in the database, for the baseline shape; the probe could not
 * count the renewal's INSERTs: the charge writes payment.* and invoice.paid events and payment postings.
 */
export async function countRenewalRows(app: App, tenantId: string): Promise<RowCounts> {
  const [c] = await rows<Record<string, string | number>>(
    app.ctx.db,
    sql`select
          (select count(*) from invoices where tenant_id = ${tenantId}) as invoices,
          (select count(*) from invoice_lines where tenant_id = ${tenantId}) as lines,
          (select count(*) from ledger_entries where tenant_id = ${tenantId} and source_type in ('invoice', 'credit_applied')) as ledger,
          (select count(*) from payment_attempts where tenant_id = ${tenantId}) as attempts,
          (select count(*) from outbox where tenant_id = ${tenantId} and topic not like 'payment.%' and topic <> 'invoice.paid') as outbox`,
  );
  const n = (key: string) => Number(c?.[key] ?? 0);
  return { invoices: n('invoices'), lines: n('lines'), ledger: n('ledger'), attempts: n('attempts'), outbox: n('outbox') };
}

/** Everything the baseline needs to know, read before its clock starts. */
export function loadRenewed(app: App, tenantId: string): Promise<Renewed[]> {
  return rows<Renewed>(
    app.ctx.db,
    sql`select s.id, s.customer_id, pm.id as payment_method_id, s.status, s.current_period_index,
               s.current_period_start, s.current_period_end, s.next_billing_at
        from subscriptions s join payment_methods pm on pm.tenant_id = s.tenant_id and pm.customer_id = s.customer_id
        where s.tenant_id = ${tenantId} order by s.id`,
  );
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * The same rows a renewal writes, with plain multi-row INSERTs (one per table per batch) and one
 * UPDATE ... FROM (VALUES ...) for the subscriptions, one transaction per batch, no business logic.
 * The subscriptions get the values the renewal already gave them, so the data stays correct.
 */
export async function writeBaseline(app: App, tenant: TenantContext, renewed: Renewed[], shape: RowShape, batch: number): Promise<number> {
  const at = BASELINE_MARK;
  let written = 0;
  for (let from = 0; from < renewed.length; from += batch) {
    const subs = renewed.slice(from, from + batch);
    const inv: (typeof invoices.$inferInsert)[] = [];
    const lines: (typeof invoiceLines.$inferInsert)[] = [];
    const ledger: (typeof ledgerEntries.$inferInsert)[] = [];
    const attempts: (typeof paymentAttempts.$inferInsert)[] = [];
    const events: (typeof outbox.$inferInsert)[] = [];
    for (const [i, s] of subs.entries()) {
      const seq = from + i + 1;
      const periodStart = new Date(s.current_period_start);
      const periodEnd = new Date(s.current_period_end);
      for (let k = 0; k < shape.invoices; k++) {
        const invoiceId = newId('in');
        const number = `BENCH-${k}-${String(seq).padStart(6, '0')}`;
        inv.push({
          tenantId: tenant.id,
          id: invoiceId,
          customerId: s.customer_id,
          subscriptionId: s.id,
          periodKey: `${s.id}@baseline${k}`,
          billingReason: 'subscription_cycle',
          status: 'open',
          number,
          currency: 'eur',
          collectionMethod: 'charge_automatically',
          subtotal: 4500,
          total: 4500,
          amountRemaining: 4500,
          periodStart,
          periodEnd,
          daysUntilDue: 0,
          dueDate: tenant.now,
          finalizedAt: tenant.now,
          createdAt: at,
        });
        for (let l = 0; l < shape.lines; l++) {
          lines.push({
            tenantId: tenant.id,
            id: newId('il'),
            invoiceId,
            position: l,
            description: 'Membership',
            quantity: 1,
            unitAmount: 4500,
            amount: 4500,
            total: 4500,
            periodStart,
            periodEnd,
            createdAt: at,
          });
        }
        const journalId = newId('jrn');
        for (let e = 0; e < shape.ledger; e++) {
          const debit = e % 2 === 0;
          ledger.push({
            tenantId: tenant.id,
            id: newId('le'),
            journalId,
            customerId: s.customer_id,
            account: debit ? 'accounts_receivable' : 'revenue',
            debit: debit ? 4500 : 0,
            credit: debit ? 0 : 4500,
            currency: 'eur',
            sourceType: 'invoice',
            sourceId: invoiceId,
            memo: number,
            createdAt: at,
          });
        }
        for (let a = 0; a < shape.attempts; a++) {
          const id = newId('pa');
          attempts.push({
            tenantId: tenant.id,
            id,
            invoiceId,
            customerId: s.customer_id,
            attemptNumber: a + 1,
            paymentMethodId: s.payment_method_id,
            amount: 4500,
            currency: 'eur',
            status: 'pending',
            idempotencyKey: `duly_${id}`,
            nextCheckAt: null, // not due: the scheduler must never charge a baseline row
            createdAt: at,
          });
        }
        for (let o = 0; o < shape.outbox; o++) {
          events.push({
            tenantId: tenant.id,
            id: newId('evt'),
            topic: 'invoice.finalized',
            payload: { invoice: invoiceId, number },
            status: 'delivered',
            nextAttemptAt: null,
            createdAt: at,
          });
        }
      }
    }
    await inTenantTx(app.ctx.db, tenant.id, async (tx) => {
      if (inv.length) await tx.insert(invoices).values(inv);
      if (lines.length) await tx.insert(invoiceLines).values(lines);
      if (ledger.length) await tx.insert(ledgerEntries).values(ledger);
      if (attempts.length) await tx.insert(paymentAttempts).values(attempts);
      if (events.length) await tx.insert(outbox).values(events);
      const values = sql.join(
        subs.map(
          (s) =>
            sql`(${s.id}, ${s.status}, ${s.current_period_index}::int, ${iso(s.current_period_start)}::timestamptz, ${iso(s.current_period_end)}::timestamptz, ${iso(s.next_billing_at)}::timestamptz)`,
        ),
        sql`, `,
      );
      await tx.execute(
        sql`update subscriptions s set status = v.status, current_period_index = v.idx, current_period_start = v.ps,
              current_period_end = v.pe, next_billing_at = v.nb
            from (values ${values}) as v(id, status, idx, ps, pe, nb)
            where s.tenant_id = ${tenant.id} and s.id = v.id`,
      );
    });
    written += subs.length;
  }
  return written;
}

/** Removes the baseline's rows again (not timed), so the audit sees only the renewal's work. */
export async function removeBaseline(app: App, tenantId: string): Promise<void> {
  await inTenantTx(app.ctx.db, tenantId, async (tx) => {
    for (const table of BASELINE_TABLES) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId} and created_at = ${BASELINE_MARK.toISOString()}::timestamptz`);
    }
  });
}
