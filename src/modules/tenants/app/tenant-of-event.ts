import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { tenants } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';
import { toTenantContext } from './authenticate-api-key.ts';

export type EventTenant = TenantContext & { ownerEmail: string | null };

/** The business an outbox event belongs to, at the time the event was recorded (or its test clock). */
export async function tenantOfEvent(tx: Tx, row: OutboxRow): Promise<EventTenant> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, row.tenantId));
  return { ...toTenantContext(tenant!, row.createdAt), ownerEmail: tenant!.ownerEmail };
}
