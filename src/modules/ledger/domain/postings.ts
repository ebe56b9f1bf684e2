/**
 * Double-entry postings. Amounts are signed minor units on the debit side: a negative amount
 * is a credit. A journal entry balances when its amounts sum to zero.
 */
export type Account =
  | 'accounts_receivable'
  | 'revenue'
  | 'tax_payable'
  | 'sales_returns'
  | 'gateway_clearing'
  | 'cash'
  | 'customer_credit'
  | 'bad_debt'
  | 'sales_discounts'
  | 'late_fee_income'
  // Chargebacks: funds the card network holds back, the fees it charges, and what a lost dispute costs.
  | 'disputes'
  | 'dispute_fees'
  | 'chargeback_losses'
  // Deposits billed but not yet paid (a liability, not revenue): becomes customer_credit when paid.
  | 'customer_deposits';

/** invoiceId, when set, overrides the journal's invoice for this line (a receivable moved between invoices). */
export type Posting = { account: Account; amount: number; invoiceId?: string };

export const debit = (account: Account, amount: number): Posting => ({ account, amount });
export const credit = (account: Account, amount: number): Posting => ({ account, amount: -amount });

export function isBalanced(postings: Posting[]): boolean {
  return postings.reduce((sum, p) => sum + p.amount, 0) === 0;
}

export function toDebitCredit(amount: number): { debit: number; credit: number } {
  return amount >= 0 ? { debit: amount, credit: 0 } : { debit: 0, credit: -amount };
}

/** Invoice finalised: the customer owes the total; revenue (or late-fee income) and tax are recognised. */
export function invoicePostings(
  total: number,
  netRevenue: number,
  tax: number,
  revenueAccount: 'revenue' | 'late_fee_income' | 'customer_deposits' = 'revenue',
): Posting[] {
  return [debit('accounts_receivable', total), credit(revenueAccount, netRevenue), credit('tax_payable', tax)];
}

/** An early-payment discount taken: the part of the receivable the client no longer owes. */
export function earlyPaymentDiscountPostings(amount: number): Posting[] {
  return [debit('sales_discounts', amount), credit('accounts_receivable', amount)];
}

/** Money received: what settles the invoice leaves receivables, the rest becomes credit. */
export function paymentPostings(via: 'gateway_clearing' | 'cash', applied: number, toCredit: number, fromBadDebt = false): Posting[] {
  return [debit(via, applied + toCredit), credit(fromBadDebt ? 'bad_debt' : 'accounts_receivable', applied), credit('customer_credit', toCredit)];
}

export function creditAppliedPostings(amount: number): Posting[] {
  return [debit('customer_credit', amount), credit('accounts_receivable', amount)];
}

export function refundPostings(via: 'gateway_clearing' | 'cash', fromCredit: number, fromRevenue: number): Posting[] {
  return [debit('customer_credit', fromCredit), debit('sales_returns', fromRevenue), credit(via, fromCredit + fromRevenue)];
}

export function creditNotePostings(reducesReceivable: number, toCredit: number): Posting[] {
  return [debit('sales_returns', reducesReceivable + toCredit), credit('accounts_receivable', reducesReceivable), credit('customer_credit', toCredit)];
}

export function voidPostings(
  total: number,
  netRevenue: number,
  tax: number,
  creditReturned: number,
  revenueAccount: 'revenue' | 'late_fee_income' | 'customer_deposits' = 'revenue',
): Posting[] {
  return [
    debit(revenueAccount, netRevenue),
    debit('tax_payable', tax),
    credit('accounts_receivable', total - creditReturned),
    credit('customer_credit', creditReturned),
  ];
}

export function writeOffPostings(amount: number): Posting[] {
  return [debit('bad_debt', amount), credit('accounts_receivable', amount)];
}

/** A dispute opens: the network withdraws the disputed funds and charges its fee from the gateway balance. */
export function disputeOpenedPostings(via: 'gateway_clearing' | 'cash', amount: number, fee: number): Posting[] {
  return [debit('disputes', amount), debit('dispute_fees', fee), credit(via, amount + fee)];
}

/** A dispute is won: the funds come back, and the fee too when the gateway returns it. */
export function disputeWonPostings(via: 'gateway_clearing' | 'cash', amount: number, feeReturned: number): Posting[] {
  return [debit(via, amount + feeReturned), credit('disputes', amount), credit('dispute_fees', feeReturned)];
}

/** A dispute is lost: the withdrawn funds are gone for good. */
export function disputeLostPostings(amount: number): Posting[] {
  return [debit('chargeback_losses', amount), credit('disputes', amount)];
}

/**
 * A payment plan moves a receivable between invoices of one customer: each `from` invoice's
 * receivable goes down, each `to` invoice's goes up, by the same total. Every line is
 * accounts_receivable with its own invoice, so aging per instalment is exact and nothing is
 * recognised as revenue again.
 */
export function receivableTransferPostings(from: { invoiceId: string; amount: number }[], to: { invoiceId: string; amount: number }[]): Posting[] {
  return [
    ...from.map((f) => ({ ...credit('accounts_receivable', f.amount), invoiceId: f.invoiceId })),
    ...to.map((t) => ({ ...debit('accounts_receivable', t.amount), invoiceId: t.invoiceId })),
  ];
}

/** A deposit invoice issued: the customer owes it, but it is a deposit held for them, not revenue. */
export function depositInvoicePostings(amount: number): Posting[] {
  return [debit('accounts_receivable', amount), credit('customer_deposits', amount)];
}

/** A deposit paid: what was held as a billed deposit becomes credit for the customer's next invoices. */
export function depositPaidPostings(amount: number): Posting[] {
  return [debit('customer_deposits', amount), credit('customer_credit', amount)];
}
