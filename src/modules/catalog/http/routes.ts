import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { currencyCode, idParams, minorAmount } from '../../../platform/http/schemas.ts';
import type { prices, products, taxRates } from '../db/schema.ts';
import {
  createPrice,
  createProduct,
  createTaxRate,
  getPrice,
  getProduct,
  listPrices,
  listProducts,
  listTaxRates,
  updatePrice,
  updateProduct,
  updateTaxRate,
} from '../index.ts';

const productBody = z.strictObject({ name: z.string().trim().min(1).max(200), description: z.string().max(2000).nullish() });

const productUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).nullish(),
  active: z.boolean().optional(),
});

const priceUpdateBody = z.strictObject({ nickname: z.string().max(200).nullish(), active: z.boolean().optional() });

const taxRateUpdateBody = z.strictObject({ display_name: z.string().trim().min(1).max(100).optional(), active: z.boolean().optional() });

// `?active=true|false` narrows a list to offered or archived entries; absent lists both.
const activeFilter = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

const priceBody = z.strictObject({
  product: z.string().min(1).max(64),
  currency: currencyCode,
  unit_amount: minorAmount,
  nickname: z.string().max(200).nullish(),
  tax_rate: z.string().max(64).nullish(),
  recurring: z
    .strictObject({
      interval: z.enum(['day', 'week', 'month', 'year']),
      interval_count: z.number().int().min(1).max(36).default(1),
    })
    .nullish(),
});

const taxRateBody = z.strictObject({
  display_name: z.string().trim().min(1).max(100),
  percentage: z
    .number()
    .min(0)
    .max(100)
    .refine((p) => Number.isInteger(Math.round(p * 1000)) && Math.abs(p * 1000 - Math.round(p * 1000)) < 1e-6, {
      error: 'may have at most three decimal places',
    }),
  inclusive: z.boolean(),
});

export const productDto = (row: typeof products.$inferSelect) => ({
  id: row.id,
  object: 'product' as const,
  name: row.name,
  description: row.description,
  active: row.active,
  created: unix(row.createdAt),
});

export const priceDto = (row: typeof prices.$inferSelect) => ({
  id: row.id,
  object: 'price' as const,
  product: row.productId,
  currency: row.currency,
  unit_amount: row.unitAmount,
  type: row.type,
  recurring: row.interval ? { interval: row.interval, interval_count: row.intervalCount } : null,
  tax_rate: row.taxRateId,
  nickname: row.nickname,
  active: row.active,
  created: unix(row.createdAt),
});

export const taxRateDto = (row: typeof taxRates.$inferSelect) => ({
  id: row.id,
  object: 'tax_rate' as const,
  display_name: row.displayName,
  percentage: row.percentMilli / 1000,
  inclusive: row.inclusive,
  active: row.active,
  created: unix(row.createdAt),
});

export function catalogRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/products', { schema: { body: productBody, tags: ['catalog'] } }, async (req) =>
      productDto(await createProduct(ctx, tenantOf(req), req.body)),
    );
    app.get('/v1/products', { schema: { querystring: listQuery.extend({ active: activeFilter }), tags: ['catalog'] } }, async (req) => {
      const rows = await listProducts(ctx, tenantOf(req), { limit: req.query.limit, startingAfter: req.query.starting_after, active: req.query.active });
      return toList(rows.map(productDto), req.query.limit, '/v1/products');
    });
    app.get('/v1/products/:id', { schema: { params: idParams, tags: ['catalog'] } }, async (req) =>
      productDto(await getProduct(ctx, tenantOf(req), req.params.id)),
    );
    app.post('/v1/products/:id', { schema: { params: idParams, body: productUpdateBody, tags: ['catalog'] } }, async (req) =>
      productDto(await updateProduct(ctx, tenantOf(req), req.params.id, req.body)),
    );

    app.post('/v1/prices', { schema: { body: priceBody, tags: ['catalog'] } }, async (req) => {
      const b = req.body;
      const row = await createPrice(ctx, tenantOf(req), {
        product: b.product,
        currency: b.currency,
        unitAmount: b.unit_amount,
        nickname: b.nickname,
        taxRate: b.tax_rate,
        recurring: b.recurring ? { interval: b.recurring.interval, intervalCount: b.recurring.interval_count } : null,
      });
      return priceDto(row);
    });
    app.get(
      '/v1/prices',
      { schema: { querystring: listQuery.extend({ product: z.string().max(64).optional(), active: activeFilter }), tags: ['catalog'] } },
      async (req) => {
        const rows = await listPrices(ctx, tenantOf(req), {
          limit: req.query.limit,
          startingAfter: req.query.starting_after,
          product: req.query.product,
          active: req.query.active,
        });
        return toList(rows.map(priceDto), req.query.limit, '/v1/prices');
      },
    );
    app.get('/v1/prices/:id', { schema: { params: idParams, tags: ['catalog'] } }, async (req) => priceDto(await getPrice(ctx, tenantOf(req), req.params.id)));
    app.post('/v1/prices/:id', { schema: { params: idParams, body: priceUpdateBody, tags: ['catalog'] } }, async (req) =>
      priceDto(await updatePrice(ctx, tenantOf(req), req.params.id, req.body)),
    );

    app.get('/v1/tax_rates', { schema: { querystring: listQuery.extend({ active: activeFilter }), tags: ['catalog'] } }, async (req) => {
      const rows = await listTaxRates(ctx, tenantOf(req), { limit: req.query.limit, startingAfter: req.query.starting_after, active: req.query.active });
      return toList(rows.map(taxRateDto), req.query.limit, '/v1/tax_rates');
    });
    app.post('/v1/tax_rates/:id', { schema: { params: idParams, body: taxRateUpdateBody, tags: ['catalog'] } }, async (req) =>
      taxRateDto(await updateTaxRate(ctx, tenantOf(req), req.params.id, { displayName: req.body.display_name, active: req.body.active })),
    );

    app.post('/v1/tax_rates', { schema: { body: taxRateBody, tags: ['catalog'] } }, async (req) =>
      taxRateDto(
        await createTaxRate(ctx, tenantOf(req), {
          displayName: req.body.display_name,
          percentMilli: Math.round(req.body.percentage * 1000),
          inclusive: req.body.inclusive,
        }),
      ),
    );
  };
}
