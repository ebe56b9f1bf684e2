/**
 * Double-entry postings. Amounts are signed minor units on the debit side: a negative amount
 * is a credit. A journal entry balances when its amounts sum to zero.
 */
export type Account = 'accounts_receivable' | 'revenue' | 'tax_payable' | 'sales_returns' | 'gateway_clearing' | 'cash' | 'customer_credit' | 'bad_debt';

export type Posting = { account: Account; amount: number };

export const debit = (account: Account, amount: number): Posting => ({ account, amount });
export const credit = (account: Account, amount: number): Posting => ({ account, amount: -amount });

export function isBalanced(postings: Posting[]): boolean {
  return postings.reduce((sum, p) => sum + p.amount, 0) === 0;
}

export function toDebitCredit(amount: number): { debit: number; credit: number } {
  return amount >= 0 ? { debit: amount, credit: 0 } : { debit: 0, credit: -amount };
}

/** Invoice finalised: the customer owes the total; revenue and tax are recognised. */
export function invoicePostings(total: number, netRevenue: number, tax: number): Posting[] {
  return [debit('accounts_receivable', total), credit('revenue', netRevenue), credit('tax_payable', tax)];
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

export function voidPostings(total: number, netRevenue: number, tax: number, creditReturned: number): Posting[] {
  return [
    debit('revenue', netRevenue),
    debit('tax_payable', tax),
    credit('accounts_receivable', total - creditReturned),
    credit('customer_credit', creditReturned),
  ];
}

export function writeOffPostings(amount: number): Posting[] {
  return [debit('bad_debt', amount), credit('accounts_receivable', amount)];
}
