import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';
import { type InvoiceRow, invoices } from '../../invoicing/index.ts';
import { paymentAttempts } from '../../payments/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { paymentPlanInvoices, paymentPlans } from '../db/schema.ts';

export type PlanRow = typeof paymentPlans.$inferSelect;
export type PlanInstalment = { position: number; invoice: InvoiceRow; attemptCount: number };
export type PlanView = { plan: PlanRow; originals: InvoiceRow[]; instalments: PlanInstalment[] };

export async function findPaymentPlan(tx: Tx, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanRow> {
  const query = tx
    .select()
    .from(paymentPlans)
    .where(and(eq(paymentPlans.tenantId, tenantId), eq(paymentPlans.id, id)));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) notFound('payment plan', id);
  return row;
}

/** The plans with their invoices, in two queries for any number of plans. */
export async function planViews(tx: Tx, tenantId: string, plans: PlanRow[]): Promise<PlanView[]> {
  if (plans.length === 0) return [];
  const links = await tx
    .select({ link: paymentPlanInvoices, invoice: invoices })
    .from(paymentPlanInvoices)
    .innerJoin(invoices, and(eq(invoices.tenantId, paymentPlanInvoices.tenantId), eq(invoices.id, paymentPlanInvoices.invoiceId)))
    .where(
      and(
        eq(paymentPlanInvoices.tenantId, tenantId),
        inArray(
          paymentPlanInvoices.planId,
          plans.map((p) => p.id),
        ),
      ),
    )
    .orderBy(asc(paymentPlanInvoices.position), asc(invoices.dueDate), asc(invoices.id));
  const instalmentIds = links.filter((l) => l.link.role === 'instalment').map((l) => l.invoice.id);
  const attempts =
    instalmentIds.length === 0
      ? []
      : await tx
          .select({ invoiceId: paymentAttempts.invoiceId })
          .from(paymentAttempts)
          .where(and(eq(paymentAttempts.tenantId, tenantId), inArray(paymentAttempts.invoiceId, instalmentIds)));
  const attemptCount = (invoiceId: string) => attempts.filter((a) => a.invoiceId === invoiceId).length;
  return plans.map((plan) => {
    const mine = links.filter((l) => l.link.planId === plan.id);
    return {
      plan,
      originals: mine.filter((l) => l.link.role === 'original').map((l) => l.invoice),
      instalments: mine
        .filter((l) => l.link.role === 'instalment')
        .map((l) => ({ position: l.link.position, invoice: l.invoice, attemptCount: attemptCount(l.invoice.id) })),
    };
  });
}

export async function getPaymentPlan(ctx: AppContext, tenant: TenantContext, id: string): Promise<PlanView> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => (await planViews(tx, tenant.id, [await findPaymentPlan(tx, tenant.id, id)]))[0]!);
}

export async function listPaymentPlans(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string; customer?: string }) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const plans = await tx
      .select()
      .from(paymentPlans)
      .where(
        and(
          eq(paymentPlans.tenantId, tenant.id),
          query.customer ? eq(paymentPlans.customerId, query.customer) : undefined,
          query.startingAfter ? lt(paymentPlans.id, query.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(paymentPlans.id))
      .limit(query.limit + 1);
    return planViews(tx, tenant.id, plans);
  });
}
