import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { invoiceDunning, reminderLadders } from '../db/schema.ts';
import { type DunningState, transitionDunning } from '../domain/dunning.machine.ts';
import { DEFAULT_LADDER, type Ladder, type LadderStep, validateLadder } from '../domain/ladder.ts';
import { nextWake } from '../domain/schedule.ts';

export type ReminderLadderSetting = Ladder & { updatedAt: Date | null };

/** The business's ladder, or the default one when it never set its own. */
export async function loadLadder(tx: Tx, tenantId: string): Promise<ReminderLadderSetting> {
  const [row] = await tx.select().from(reminderLadders).where(eq(reminderLadders.tenantId, tenantId));
  return row ? { steps: row.steps, writeOffOnHandOff: row.writeOffOnHandOff, updatedAt: row.updatedAt } : { ...DEFAULT_LADDER, updatedAt: null };
}

export function getReminderLadder(ctx: AppContext, tenant: TenantContext): Promise<ReminderLadderSetting> {
  return inTenantTx(ctx.db, tenant.id, (tx) => loadLadder(tx, tenant.id));
}

/**
 * Replaces the given fields of the ladder. Invoices already on the ladder follow the new one from
 * where they stand: their next step is the first one after the last step they had.
 */
export async function updateReminderLadder(
  ctx: AppContext,
  tenant: TenantContext,
  input: { steps?: LadderStep[]; writeOffOnHandOff?: boolean },
): Promise<ReminderLadderSetting> {
  if (input.steps) validateLadder(input.steps);
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const current = await loadLadder(tx, tenant.id);
    const steps = input.steps ?? current.steps;
    const writeOffOnHandOff = input.writeOffOnHandOff ?? current.writeOffOnHandOff;
    await tx
      .insert(reminderLadders)
      .values({ tenantId: tenant.id, steps, writeOffOnHandOff, updatedAt: tenant.now })
      .onConflictDoUpdate({ target: [reminderLadders.tenantId], set: { steps, writeOffOnHandOff, updatedAt: tenant.now } });
    if (input.steps) await rescheduleAll(tx, tenant, steps);
    return { steps, writeOffOnHandOff, updatedAt: tenant.now };
  });
}

async function rescheduleAll(tx: Tx, tenant: TenantContext, steps: LadderStep[]) {
  const rows = await tx
    .select()
    .from(invoiceDunning)
    .where(and(eq(invoiceDunning.tenantId, tenant.id), inArray(invoiceDunning.state, ['active', 'finished'])));
  for (const row of rows) {
    const at = nextWake(steps, row.lastOffset, { localDueDate: row.localDueDate, timeZone: row.timeZone, hasCase: row.caseId !== null });
    await tx
      .update(invoiceDunning)
      .set({
        nextStepAt: at,
        state: transitionDunning(transitionDunning(row.state as DunningState, 'ladder_changed'), at ? 'ladder_changed' : 'ladder_done'),
        updatedAt: tenant.now,
      })
      .where(and(eq(invoiceDunning.tenantId, tenant.id), eq(invoiceDunning.invoiceId, row.invoiceId)));
  }
}
