import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { fail, notFound } from '../../../platform/errors.ts';
import { isKnownCurrency } from '../../../platform/money.ts';
import { tenants } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';
import { isKnownTimeZone } from '../domain/time-zone.ts';

export type BusinessProfileInput = {
  name?: string;
  addressLines?: string[];
  taxId?: string | null;
  brandColor?: string | null;
  logoBase64?: string | null;
  paymentTermsDays?: number;
  locale?: string;
  ownerEmail?: string | null;
  /** The default for new prices and deposits; existing invoices keep theirs. */
  currency?: string;
  /** Where "today" is for due dates, reminders and statements. */
  timezone?: string;
};

export type BusinessProfile = typeof tenants.$inferSelect;

/** The business as its documents present it: name, address, tax id, logo and colour. */
export async function getBusinessProfile(ctx: AppContext, tenantId: string): Promise<BusinessProfile> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!row) notFound('business', tenantId);
  return row;
}

export async function updateBusinessProfile(ctx: AppContext, tenant: TenantContext, input: BusinessProfileInput): Promise<BusinessProfile> {
  const currency = input.currency?.toLowerCase();
  if (currency !== undefined && !isKnownCurrency(currency)) fail('currency_unknown', undefined, 'currency');
  if (input.timezone !== undefined && !isKnownTimeZone(input.timezone)) fail('timezone_unknown', undefined, 'timezone');
  const [row] = await ctx.db
    .update(tenants)
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.addressLines !== undefined ? { addressLines: input.addressLines } : {}),
      ...(input.taxId !== undefined ? { taxId: input.taxId } : {}),
      ...(input.brandColor !== undefined ? { brandColor: input.brandColor } : {}),
      ...(input.logoBase64 !== undefined ? { logoBase64: input.logoBase64 } : {}),
      ...(input.paymentTermsDays !== undefined ? { paymentTermsDays: input.paymentTermsDays } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.ownerEmail !== undefined ? { ownerEmail: input.ownerEmail?.toLowerCase() ?? null } : {}),
      ...(currency !== undefined ? { currency } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    })
    .where(eq(tenants.id, tenant.id))
    .returning();
  if (!row) notFound('business', tenant.id);
  return row;
}
