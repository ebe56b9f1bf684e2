import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { DomainError, fail } from '../../../platform/errors.ts';
import { loadTenant, type TenantContext } from '../../tenants/index.ts';
import { intakeSettings } from '../db/schema.ts';
import { type FormKind, isFormKind } from '../domain/form-fields.ts';
import { type IntakeSettings, intakeSettingsOf } from './intake-settings.ts';

export type FormBusiness = {
  tenant: TenantContext;
  settings: IntakeSettings;
  /** How the business's forms are addressed in URLs: its form slug, else its id. */
  ref: string;
};

const TENANT_ID = /^ten_[0-9a-z]{10,40}$/;

/**
 * The business behind a public form address: its intake_settings.form_slug, or its id while it
 * has no slug (so a new business's forms work before anyone picks a slug). The lookup crosses
 * tenants by nature (nobody is signed in), so it reads as the owner role; what it returns is
 * then used only inside that one business.
 */
export async function findFormBusiness(ctx: AppContext, ref: string): Promise<FormBusiness> {
  const [bySlug] = await ctx.db.select({ tenantId: intakeSettings.tenantId }).from(intakeSettings).where(eq(intakeSettings.formSlug, ref));
  const tenantId = bySlug?.tenantId ?? (TENANT_ID.test(ref) ? ref : null);
  if (!tenantId) fail('form_not_found');
  const tenant = await loadTenant(ctx, tenantId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'resource_missing') fail('form_not_found');
    throw error;
  });
  const settings = await inTenantTx(ctx.db, tenant.id, (tx) => intakeSettingsOf(tx, tenant.id));
  return { tenant, settings, ref: settings.formSlug ?? tenant.id };
}

/** The business and one of its forms, if the business offers it. */
export async function findForm(ctx: AppContext, ref: string, form: string): Promise<FormBusiness & { form: FormKind }> {
  if (!isFormKind(form)) fail('form_not_found');
  const business = await findFormBusiness(ctx, ref);
  if (!business.settings.formsEnabled.includes(form)) fail('form_not_found');
  return { ...business, form };
}
