export { createCustomer } from './app/create-customer.ts';
export { findCustomer, getCustomer, listCustomers } from './app/get-customer.ts';
export { updateCustomer } from './app/update-customer.ts';
export { customers } from './db/schema.ts';
export type { CustomerInput } from './domain/customer.ts';
