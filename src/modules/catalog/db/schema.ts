import { bigint, boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from '../../../platform/db/columns.ts';

export const products = pgTable(
  'products',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const taxRates = pgTable(
  'tax_rates',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    displayName: text('display_name').notNull(),
    // percent * 1000: 7.5% is 7500, so no float ever touches a rate.
    percentMilli: integer('percent_milli').notNull(),
    inclusive: boolean('inclusive').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const prices = pgTable(
  'prices',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    productId: text('product_id').notNull(),
    currency: text('currency').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }).notNull(),
    type: text('type').notNull(), // 'one_time' | 'recurring'
    interval: text('interval'), // day | week | month | year
    intervalCount: integer('interval_count'),
    taxRateId: text('tax_rate_id'),
    nickname: text('nickname'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
