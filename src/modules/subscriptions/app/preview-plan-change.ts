import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { applyCredit, computeInvoiceTotals, type DraftLine } from '../../invoicing/index.ts';
import { customerBalances } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import type { ChangePlanInput } from './change-plan.ts';
import { findSubscription } from './find-subscription.ts';
import { loadNewPrices, planChangeLines } from './plan-change-lines.ts';
import { loadItems } from './subscription-lines.ts';

export type PlanChangePreview = {
  subscriptionId: string;
  currency: string;
  prorationDate: Date;
  periodEnd: Date | null;
  lines: (DraftLine & { amount: number; tax: number; total: number })[];
  subtotal: number;
  tax: number;
  total: number;
  /** Customer credit the invoice would use (negative: a net credit added to the balance). */
  creditApplied: number;
  amountDue: number;
};

/**
 * What `changePlan` would invoice now, without writing anything: the same checks, the same
 * proration lines and the same totals and credit rules, read at the tenant's current time.
 */
export function previewPlanChange(ctx: AppContext, tenant: TenantContext, id: string, input: ChangePlanInput): Promise<PlanChangePreview> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const sub = await findSubscription(tx, tenant.id, id);
    const newPrices = await loadNewPrices(tx, tenant.id, sub, input.items);
    const oldItems = await loadItems(tx, tenant.id, id);
    const change = planChangeLines(sub, oldItems, input.items, newPrices, tenant.now, input.prorationBehavior);
    const lines = change?.lines ?? [];
    const totals = computeInvoiceTotals(lines);
    const { credit } = change ? await customerBalances(tx, tenant.id, sub.customerId, sub.currency) : { credit: 0 };
    const { creditApplied, amountDue } = change ? applyCredit(totals.total, Math.max(credit, 0)) : { creditApplied: 0, amountDue: 0 };
    return {
      subscriptionId: id,
      currency: sub.currency,
      prorationDate: tenant.now,
      periodEnd: change?.period.end ?? null,
      lines: lines.map((line, i) => ({ ...line, amount: totals.lines[i]!.amount, tax: totals.lines[i]!.tax, total: totals.lines[i]!.total })),
      subtotal: totals.subtotal,
      tax: totals.tax,
      total: totals.total,
      creditApplied,
      amountDue,
    };
  });
}
