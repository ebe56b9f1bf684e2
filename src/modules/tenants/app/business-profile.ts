import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context.ts';
import { notFound } from '../../../platform/errors.ts';
import { tenants } from '../db/schema.ts';
import type { TenantContext } from '../domain/tenant.ts';

export type BusinessProfileInput = {
  name?: string;
  addressLines?: string[];
  taxId?: string | null;
  brandColor?: string | null;
  logoBase64?: string | null;
  paymentTermsDays?: number;
  locale?: string;
  ownerEmail?: string | null;
};

export type BusinessProfile = typeof tenants.$inferSelect;

/** The business as its documents present it: name, address, tax id, logo and colour. */
export async function getBusinessProfile(ctx: AppContext, tenantId: string): Promise<BusinessProfile> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!row) notFound('business', tenantId);
  return row;
}

export async function updateBusinessProfile(ctx: AppContext, tenant: TenantContext, input: BusinessProfileInput): Promise<BusinessProfile> {
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
    })
    .where(eq(tenants.id, tenant.id))
    .returning();
  if (!row) notFound('business', tenant.id);
  return row;
}
