import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { type TenantContext, tenants, toTenantContext } from '../../tenants/index.ts';

/** The business an outbox event belongs to, at the time the event was recorded (or its test clock). */
export async function tenantOfEvent(tx: Tx, row: OutboxRow): Promise<TenantContext & { ownerEmail: string | null }> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, row.tenantId));
  return { ...toTenantContext(tenant!, row.createdAt), ownerEmail: tenant!.ownerEmail };
}

/** 'visa' -> 'Visa': card brands are names. */
export const brandName = (brand: string) => brand.charAt(0).toUpperCase() + brand.slice(1);
