import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inSystemTx, inTenantTx, type Tx } from '../../../platform/db/tx.ts';
import { fail } from '../../../platform/errors.ts';
import { memberships } from '../../staff/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { intakeSettings } from '../db/schema.ts';
import type { RoutingStrategy } from '../domain/routing.ts';

export type IntakeSettings = typeof intakeSettings.$inferSelect;

/** The business's intake settings, created with defaults on first use (least busy routing, all forms on). */
export async function intakeSettingsOf(tx: Tx, tenantId: string, options: { lock?: boolean } = {}): Promise<IntakeSettings> {
  await tx
    .insert(intakeSettings)
    .values({ tenantId, updatedAt: new Date(0) })
    .onConflictDoNothing();
  const query = tx.select().from(intakeSettings).where(eq(intakeSettings.tenantId, tenantId));
  // Routing holds this row while it decides: concurrent arrivals take turns, so round robin never hands out a slot twice.
  const [row] = options.lock ? await query.for('update') : await query;
  return row!;
}

export type IntakeSettingsInput = {
  routing_strategy?: RoutingStrategy;
  main_employee_user_id?: string | null;
  inactive_user_ids?: string[];
  form_slug?: string | null;
  forms_enabled?: string[];
  form_limit_per_ip?: number;
  form_limit_per_business?: number;
  telegram_mode?: 'polling' | 'webhook';
  digest_enabled?: boolean;
};

/** A form address names one business across the installation, so it is checked outside the tenant's view. */
async function slugTakenByAnother(ctx: AppContext, tenantId: string, slug: string): Promise<boolean> {
  const [row] = await inSystemTx(ctx.db, (tx) =>
    tx.select({ tenantId: intakeSettings.tenantId }).from(intakeSettings).where(eq(intakeSettings.formSlug, slug)),
  );
  return row !== undefined && row.tenantId !== tenantId;
}

function isUniqueViolation(error: unknown): boolean {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  return codeOf(error) === '23505' || codeOf((error as { cause?: unknown })?.cause) === '23505';
}

export async function updateIntakeSettings(ctx: AppContext, tenant: TenantContext, input: IntakeSettingsInput): Promise<IntakeSettings> {
  if (input.form_slug && (await slugTakenByAnother(ctx, tenant.id, input.form_slug))) fail('form_slug_taken', undefined, 'form_slug');
  try {
    return await updateInTx(ctx, tenant, input);
  } catch (error) {
    // Two businesses claiming the same address at once: the unique index lets one win.
    if (isUniqueViolation(error)) fail('form_slug_taken', undefined, 'form_slug');
    throw error;
  }
}

function updateInTx(ctx: AppContext, tenant: TenantContext, input: IntakeSettingsInput): Promise<IntakeSettings> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const current = await intakeSettingsOf(tx, tenant.id, { lock: true });
    const members = new Set(
      (await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.tenantId, tenant.id))).map((m) => m.userId),
    );
    if (input.main_employee_user_id && !members.has(input.main_employee_user_id)) {
      fail('parameter_invalid', 'The main employee must be a member of this business.', 'main_employee_user_id');
    }
    const unknownInactive = input.inactive_user_ids?.find((id) => !members.has(id));
    if (unknownInactive) fail('parameter_invalid', `${unknownInactive} is not a member of this business.`, 'inactive_user_ids');
    const strategy = input.routing_strategy ?? current.routingStrategy;
    const main = input.main_employee_user_id !== undefined ? input.main_employee_user_id : current.mainEmployeeUserId;
    if (strategy === 'main_employee' && !main) fail('parameter_missing', 'Choose the main employee who distributes requests.', 'main_employee_user_id');
    const [row] = await tx
      .update(intakeSettings)
      .set({
        routingStrategy: strategy,
        mainEmployeeUserId: main,
        ...(input.inactive_user_ids !== undefined ? { inactiveUserIds: [...new Set(input.inactive_user_ids)] } : {}),
        ...(input.form_slug !== undefined ? { formSlug: input.form_slug } : {}),
        ...(input.forms_enabled !== undefined ? { formsEnabled: [...new Set(input.forms_enabled)] } : {}),
        ...(input.form_limit_per_ip !== undefined ? { formLimitPerIp: input.form_limit_per_ip } : {}),
        ...(input.form_limit_per_business !== undefined ? { formLimitPerBusiness: input.form_limit_per_business } : {}),
        ...(input.telegram_mode !== undefined ? { telegramMode: input.telegram_mode } : {}),
        ...(input.digest_enabled !== undefined ? { digestEnabled: input.digest_enabled } : {}),
        updatedAt: tenant.now,
      })
      .where(eq(intakeSettings.tenantId, tenant.id))
      .returning();
    return row!;
  });
}
