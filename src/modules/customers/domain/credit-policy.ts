/**
 * Per-customer credit policy (B9): a credit limit on the open balance and a "prepayment
 * required" flag. Under 'block' a new one-off invoice that breaks either is refused; under
 * 'warn' it goes through with warnings. Deposits are always allowed (they are the prepayment),
 * and subscription renewals are never blocked: a business does not want silent non-billing.
 */
export type CreditPolicy = 'warn' | 'block';
export const CREDIT_POLICIES = ['warn', 'block'] as const;

export type CreditWarning = { code: 'credit_limit_exceeded' | 'prepayment_required'; message: string };

export type CreditTerms = { creditLimit: number | null; prepaymentRequired: boolean; creditPolicy: string };

/** What the policy says about an invoice that brings the open balance (receivable - credit) to `balanceAfter`. */
export function creditWarnings(terms: CreditTerms, invoiceAmount: number, balanceAfter: number): CreditWarning[] {
  if (invoiceAmount <= 0) return [];
  const warnings: CreditWarning[] = [];
  if (terms.prepaymentRequired) {
    warnings.push({ code: 'prepayment_required', message: 'This customer must pay in advance: bill a deposit first.' });
  }
  if (terms.creditLimit !== null && balanceAfter > terms.creditLimit) {
    warnings.push({
      code: 'credit_limit_exceeded',
      message: `The open balance would be ${balanceAfter}, over the credit limit of ${terms.creditLimit} (minor units).`,
    });
  }
  return warnings;
}

/** Whether the warnings stop the invoice: only under 'block', and never for a renewal. */
export function blocks(terms: CreditTerms, kind: 'one_off' | 'renewal'): boolean {
  return kind === 'one_off' && terms.creditPolicy === 'block';
}
