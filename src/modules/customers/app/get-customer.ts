import { and, desc, eq, ilike, isNull, lt, or } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { customerBalances } from '../../ledger/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { customers } from '../db/schema.ts';

/** A LIKE pattern matching the text anywhere, with the user's % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Phones are stored in E.164 (+37120000000); people type them with spaces, dashes or brackets. */
function phoneMatch(search: string) {
  const digits = search.replace(/[\s().-]/g, '');
  return /^\+?\d{3,}$/.test(digits) ? ilike(customers.phone, containing(digits)) : undefined;
}

/** A client to bill or change; one merged into another is refused with the survivor named, so nothing lands on the old record. */
export async function findCustomer(tx: Tx, tenantId: string, id: string, options: { allowMerged?: boolean } = {}) {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
  if (!row) notFound('customer', id, 'customer');
  if (row.mergedIntoId && !options.allowMerged)
    fail('customer_already_merged', `This client was merged into ${row.mergedIntoId}; use that client instead.`, 'customer');
  return row;
}

export async function getCustomer(ctx: AppContext, tenant: TenantContext, id: string) {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const row = await findCustomer(tx, tenant.id, id, { allowMerged: true });
    return { ...row, balances: await customerBalances(tx, tenant.id, id) };
  });
}

export async function listCustomers(ctx: AppContext, tenant: TenantContext, query: { limit: number; startingAfter?: string; email?: string; search?: string }) {
  return inTenantTx(ctx.db, tenant.id, (tx) =>
    tx
      .select()
      .from(customers)
      .where(
        and(
          eq(customers.tenantId, tenant.id),
          // A record merged into another client is kept but no longer listed or found.
          isNull(customers.mergedIntoId),
          query.startingAfter ? lt(customers.id, query.startingAfter) : undefined,
          query.email ? eq(customers.email, query.email.toLowerCase()) : undefined,
          query.search
            ? or(ilike(customers.name, containing(query.search)), ilike(customers.email, containing(query.search)), phoneMatch(query.search))
            : undefined,
        ),
      )
      .orderBy(desc(customers.id))
      .limit(query.limit + 1),
  );
}
