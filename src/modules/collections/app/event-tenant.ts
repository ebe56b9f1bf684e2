import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { type TenantContext, tenants, toTenantContext } from '../../tenants/index.ts';

export type EventTenant = TenantContext & { ownerEmail: string | null };

/** The business an outbox event belongs to, at the time the event was recorded (or its test clock). */
export async function tenantOfEvent(tx: Tx, row: OutboxRow): Promise<EventTenant> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, row.tenantId));
  return { ...toTenantContext(tenant!, row.createdAt), ownerEmail: tenant!.ownerEmail };
}

export async function ownerEmailOf(tx: Tx, tenantId: string): Promise<string | null> {
  const [tenant] = await tx.select({ ownerEmail: tenants.ownerEmail }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.ownerEmail ?? null;
}

export const invoiceIdOf = (row: OutboxRow) => String((row.payload as { invoice?: unknown }).invoice ?? '');
