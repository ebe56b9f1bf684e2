import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { notFound } from '../../../platform/errors.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { type BusinessProfile, getBusinessProfile, SUPPORTED_LOCALES, updateBusinessProfile } from '../index.ts';

const MAX_LOGO_BYTES = 200 * 1024;

const logo = z
  .string()
  .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4, { error: 'must be at most 200 KB' })
  .refine(
    (b64) => {
      const bytes = Buffer.from(b64, 'base64');
      const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      return png || jpeg;
    },
    { error: 'must be a base64-encoded PNG or JPEG image' },
  );

const body = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  address_lines: z.array(z.string().max(200)).max(6).optional(),
  tax_id: z.string().max(64).nullish(),
  brand_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #1a73e8' })
    .nullish(),
  logo_base64: logo.nullish(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  locale: z.enum(SUPPORTED_LOCALES).optional(),
  owner_email: z.email({ error: 'must be a valid email address' }).max(320).nullish(),
  currency: z.string().length(3, { error: 'must be a three-letter ISO 4217 code' }).optional(),
  timezone: z.string().min(1).max(64).optional(),
});

const dto = (b: BusinessProfile) => ({
  id: b.id,
  object: 'business' as const,
  name: b.name,
  mode: b.mode,
  currency: b.currency,
  timezone: b.timezone,
  locale: b.locale,
  invoice_prefix: b.invoicePrefix,
  payment_terms_days: b.paymentTermsDays,
  owner_email: b.ownerEmail,
  address_lines: b.addressLines,
  tax_id: b.taxId,
  brand_color: b.brandColor,
  has_logo: b.logoBase64 !== null,
  created: unix(b.createdAt),
});

/** The business's own profile: what its invoices and statements print. */
export function businessRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/business', { schema: { tags: ['business'] } }, async (req) => dto(await getBusinessProfile(ctx, tenantOf(req).id)));
    // The saved logo as an image, for the settings preview (an <img> with the session cookie).
    app.get('/v1/business/logo', { schema: { tags: ['business'] } }, async (req, reply) => {
      const b = await getBusinessProfile(ctx, tenantOf(req).id);
      if (!b.logoBase64) notFound('logo', b.id);
      const bytes = Buffer.from(b.logoBase64, 'base64');
      return reply
        .type(bytes[0] === 0xff ? 'image/jpeg' : 'image/png')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    });
    app.post('/v1/business', { config: { minRole: 'owner' }, schema: { body, tags: ['business'] } }, async (req) => {
      const b = req.body;
      return dto(
        await updateBusinessProfile(ctx, tenantOf(req), {
          name: b.name,
          addressLines: b.address_lines,
          taxId: b.tax_id,
          brandColor: b.brand_color,
          logoBase64: b.logo_base64,
          paymentTermsDays: b.payment_terms_days,
          locale: b.locale,
          ownerEmail: b.owner_email,
          currency: b.currency,
          timezone: b.timezone,
        }),
      );
    });
  };
}
