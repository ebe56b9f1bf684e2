import { bigint, text, timestamp } from 'drizzle-orm/pg-core';

// Shared column builders so every business table spells tenant, money and time the same way.
export const tenantId = () => text('tenant_id').notNull();
export const money = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => instant('created_at').notNull();
