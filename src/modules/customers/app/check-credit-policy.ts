import { and, desc, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { customerBalances } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { creditWarnings as creditWarningRows, type customers } from '../db/schema.ts';
import { blocks, type CreditWarning, creditWarnings } from '../domain/credit-policy.ts';

type CustomerRow = typeof customers.$inferSelect;

/**
 * Checks a new invoice of `amount` against the customer's credit policy, in the caller's
 * transaction. `inLedger`: the invoice is already in the open balance (a renewal checked after
 * it was issued). Under 'block' a one-off invoice is refused with the first warning's code;
 * otherwise the warnings are returned, and recorded when `record` names the invoice.
 */
export async function checkCreditPolicy(
  tx: Tx,
  tenant: TenantContext,
  customer: CustomerRow,
  input: { amount: number; kind: 'one_off' | 'renewal'; inLedger?: boolean; record?: { invoiceId: string } },
): Promise<CreditWarning[]> {
  if (input.amount <= 0 || (customer.creditLimit === null && !customer.prepaymentRequired)) return [];
  const { balance } = await customerBalances(tx, tenant.id, customer.id);
  const warnings = creditWarnings(customer, input.amount, input.inLedger ? balance : balance + input.amount);
  if (warnings.length === 0) return [];
  if (blocks(customer, input.kind)) fail(warnings[0]!.code, warnings[0]!.message, 'customer');
  if (input.record) {
    await tx.insert(creditWarningRows).values(
      warnings.map((w) => ({
        tenantId: tenant.id,
        id: newId('cw'),
        customerId: customer.id,
        invoiceId: input.record!.invoiceId,
        code: w.code,
        message: w.message,
        createdAt: tenant.now,
      })),
    );
  }
  return warnings;
}

export function listCreditWarnings(ctx: AppContext, tenant: TenantContext, customerId: string, page: { limit: number; startingAfter?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(creditWarningRows)
      .where(
        and(
          eq(creditWarningRows.tenantId, tenant.id),
          eq(creditWarningRows.customerId, customerId),
          page.startingAfter ? lt(creditWarningRows.id, page.startingAfter) : undefined,
        ),
      )
      .orderBy(desc(creditWarningRows.id))
      .limit(page.limit + 1),
  );
}
