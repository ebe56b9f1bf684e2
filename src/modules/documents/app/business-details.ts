import type { AppContext } from '../../../app-context.ts';
import type { BusinessDetails } from '../../../pdf/document.ts';
import { getBusinessProfile } from '../../tenants/index.ts';

/** The letterhead of a business's documents, from its profile. */
export async function businessDetails(ctx: AppContext, tenantId: string): Promise<BusinessDetails> {
  const profile = await getBusinessProfile(ctx, tenantId);
  return {
    name: profile.name,
    address_lines: profile.addressLines,
    tax_id: profile.taxId,
    brand_color: profile.brandColor,
    logo: profile.logoBase64 ? Buffer.from(profile.logoBase64, 'base64') : null,
  };
}
