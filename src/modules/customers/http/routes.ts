import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { tenantOf } from '../../../platform/http/auth.ts';
import { unix } from '../../../platform/http/dto.ts';
import { listQuery, toList } from '../../../platform/http/pagination.ts';
import { idParams, metadata, minorAmount } from '../../../platform/http/schemas.ts';
import { isKnownTimeZone, SUPPORTED_LOCALES } from '../../tenants/index.ts';
import type { customers } from '../db/schema.ts';
import {
  CREDIT_POLICIES,
  createCustomer,
  type DuplicateGroup,
  findPossibleDuplicates,
  getCustomer,
  listCustomers,
  listDuplicateGroups,
  mergeCustomers,
  updateCustomer,
} from '../index.ts';

const customerFields = {
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(200),
  email: z.email({ error: 'must be a valid email address' }).max(320).nullish(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, { error: 'must be in international E.164 form, e.g. +37120000000' })
    .nullish(),
  telegram: z.string().max(64).nullish(),
  preferred_locales: z.array(z.enum(SUPPORTED_LOCALES)).max(5).optional(),
  timezone: z.string().refine(isKnownTimeZone, { error: 'must be an IANA time zone such as Europe/Riga' }).nullish(),
  tax_id: z.string().max(64).nullish(),
  payment_terms_days: z.number().int().min(0).max(365).nullish(),
  credit_limit: minorAmount.nullish(),
  prepayment_required: z.boolean().optional(),
  credit_policy: z.enum(CREDIT_POLICIES).optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
  notes: z.string().max(5000).nullish(),
  metadata: metadata.optional(),
};

const createBody = z.strictObject(customerFields);
const updateBody = z.strictObject({ ...customerFields, name: customerFields.name.optional() });

type CustomerRow = typeof customers.$inferSelect;

export function customerDto(row: CustomerRow, balances?: { balance: number; credit: number; receivable: number }) {
  return {
    id: row.id,
    object: 'customer' as const,
    name: row.name,
    email: row.email,
    phone: row.phone,
    telegram: row.telegram,
    email_verified: row.emailVerified,
    phone_verified: row.phoneVerified,
    /** The client this record was merged into (null while it is a client of its own). */
    merged_into: row.mergedIntoId,
    preferred_locales: row.preferredLocales,
    timezone: row.timezone,
    tax_id: row.taxId,
    payment_terms_days: row.paymentTermsDays,
    credit_limit: row.creditLimit,
    prepayment_required: row.prepaymentRequired,
    credit_policy: row.creditPolicy,
    tags: row.tags,
    notes: row.notes,
    metadata: row.metadata,
    created: unix(row.createdAt),
    ...(balances ? { balance: balances.balance, credit_balance: balances.credit, receivable: balances.receivable } : {}),
  };
}

const mergeBody = z.strictObject({ duplicate_id: z.string().min(1).max(64) });

function duplicateGroupDto(group: DuplicateGroup) {
  return {
    id: group.id,
    object: 'customer_duplicate_group' as const,
    customers: group.customers.map((row) => customerDto(row)),
    matches: group.matches.map((m) => ({ reason: m.reason, value: m.value, customers: m.customerIds })),
  };
}

function toInput(body: z.infer<typeof updateBody>) {
  return {
    name: body.name,
    email: body.email,
    phone: body.phone,
    telegram: body.telegram,
    preferredLocales: body.preferred_locales,
    timezone: body.timezone,
    taxId: body.tax_id,
    paymentTermsDays: body.payment_terms_days,
    creditLimit: body.credit_limit,
    prepaymentRequired: body.prepayment_required,
    creditPolicy: body.credit_policy,
    tags: body.tags,
    notes: body.notes,
    metadata: body.metadata,
  };
}

export function customerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/customers', { config: { minRole: 'staff' }, schema: { body: createBody, tags: ['customers'] } }, async (req) =>
      customerDto(await createCustomer(ctx, tenantOf(req), toInput(req.body))),
    );
    app.get(
      '/v1/customers',
      { schema: { querystring: listQuery.extend({ email: z.string().max(320).optional(), search: z.string().max(200).optional() }), tags: ['customers'] } },
      async (req) => {
        const q = req.query;
        const rows = await listCustomers(ctx, tenantOf(req), { limit: q.limit, startingAfter: q.starting_after, email: q.email, search: q.search });
        return toList(
          rows.map((r) => customerDto(r)),
          q.limit,
          '/v1/customers',
        );
      },
    );
    app.get('/v1/customers/:id', { schema: { params: idParams, tags: ['customers'] } }, async (req) => {
      const row = await getCustomer(ctx, tenantOf(req), req.params.id);
      return customerDto(row, row.balances);
    });
    app.get('/v1/customers/:id/duplicates', { schema: { params: idParams, querystring: listQuery, tags: ['customers'] } }, async (req) => {
      const page = { limit: req.query.limit, startingAfter: req.query.starting_after };
      const candidates = await findPossibleDuplicates(ctx, tenantOf(req), req.params.id, page);
      const data = candidates.map((c) => ({ object: 'customer_duplicate' as const, customer: customerDto(c.customer), reasons: c.reasons }));
      return toList(data, req.query.limit, `/v1/customers/${req.params.id}/duplicates`);
    });
    app.get('/v1/customer_duplicates', { schema: { querystring: listQuery, tags: ['customers'] } }, async (req) => {
      const groups = await listDuplicateGroups(ctx, tenantOf(req), { limit: req.query.limit, startingAfter: req.query.starting_after });
      return toList(groups.map(duplicateGroupDto), req.query.limit, '/v1/customer_duplicates');
    });
    // The path's customer survives; the duplicate's invoices, payments, messages ... become its own.
    app.post('/v1/customers/:id/merge', { config: { minRole: 'manager' }, schema: { params: idParams, body: mergeBody, tags: ['customers'] } }, async (req) => {
      const merged = await mergeCustomers(ctx, tenantOf(req), { survivorId: req.params.id, duplicateId: req.body.duplicate_id });
      return customerDto(merged, merged.balances);
    });
    app.post('/v1/customers/:id', { config: { minRole: 'staff' }, schema: { params: idParams, body: updateBody, tags: ['customers'] } }, async (req) =>
      customerDto(await updateCustomer(ctx, tenantOf(req), req.params.id, toInput(req.body))),
    );
  };
}
