export { checkCreditPolicy, listCreditWarnings } from './app/check-credit-policy.ts';
export { createCustomer } from './app/create-customer.ts';
export { findCustomer, getCustomer, listCustomers } from './app/get-customer.ts';
export { updateCustomer } from './app/update-customer.ts';
export { creditWarnings, customers } from './db/schema.ts';
export { CREDIT_POLICIES, type CreditPolicy, type CreditWarning } from './domain/credit-policy.ts';
export type { CustomerInput } from './domain/customer.ts';
