import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/tx.ts';
import type { OutboxRow } from '../../../platform/jobs/outbox-delivery.ts';
import { checkCreditPolicy, creditWarnings, customers } from '../../customers/index.ts';
import { invoices } from '../../invoicing/index.ts';
import { tenantOfEvent } from '../../tenants/index.ts';

/**
 * invoice.finalized for a subscription invoice: renewals are never blocked by the credit policy
 * (a business does not want silent non-billing), but one that takes the customer over the limit,
 * or bills a customer who should prepay, is recorded as a credit warning for the owner.
 */
export async function recordRenewalCreditWarning(tx: Tx, row: OutboxRow): Promise<void> {
  const invoiceId = String((row.payload as { invoice: string }).invoice);
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, row.tenantId), eq(invoices.id, invoiceId)));
  if (!invoice?.subscriptionId) return;
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, row.tenantId), eq(customers.id, invoice.customerId)));
  // Most customers have no credit policy: nothing to look up for them.
  if (!customer || (customer.creditLimit === null && !customer.prepaymentRequired)) return;
  // Delivered at least once: a second delivery records nothing new.
  const [seen] = await tx
    .select({ id: creditWarnings.id })
    .from(creditWarnings)
    .where(and(eq(creditWarnings.tenantId, row.tenantId), eq(creditWarnings.invoiceId, invoiceId)))
    .limit(1);
  if (seen) return;
  await checkCreditPolicy(tx, await tenantOfEvent(tx, row), customer, {
    amount: invoice.total,
    kind: 'renewal',
    inLedger: true,
    record: { invoiceId },
  });
}
