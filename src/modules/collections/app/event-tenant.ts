import { eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { tenants } from '../../tenants/index.ts';

export async function ownerEmailOf(tx: Tx, tenantId: string): Promise<string | null> {
  const [tenant] = await tx.select({ ownerEmail: tenants.ownerEmail }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.ownerEmail ?? null;
}

export const invoiceIdOf = (row: OutboxRow) => String((row.payload as { invoice?: unknown }).invoice ?? '');
