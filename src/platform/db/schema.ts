// Every table, for drizzle-kit and for typed queries.

export * from '../../modules/catalog/db/schema.ts';
export * from '../../modules/collections/db/schema.ts';
export * from '../../modules/customers/db/schema.ts';
export * from '../../modules/disputes/db/schema.ts';
export * from '../../modules/intake/db/schema.ts';
export * from '../../modules/invoicing/db/schema.ts';
export * from '../../modules/ledger/db/schema.ts';
export * from '../../modules/messaging/db/schema.ts';
export * from '../../modules/payments/db/card-update-schema.ts';
export * from '../../modules/payments/db/schema.ts';
export * from '../../modules/plans/db/schema.ts';
export * from '../../modules/portal/db/schema.ts';
export * from '../../modules/staff/db/schema.ts';
export * from '../../modules/subscriptions/db/schema.ts';
export * from '../../modules/tenants/db/schema.ts';
export * from '../../modules/webhooks/db/schema.ts';
export * from '../../providers/payments/sandbox-schema.ts';
export * from '../../providers/payments/stripe-schema.ts';
export * from './outbox-schema.ts';
