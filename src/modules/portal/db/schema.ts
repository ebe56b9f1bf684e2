import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant, tenantId } from '../../../platform/db/columns.ts';

/**
 * Magic sign-in links for the client portal. Only the SHA-256 of the token is kept, so a
 * database leak gives no working link; the token works once, until `expires_at`.
 */
export const portalTokens = pgTable(
  'portal_tokens',
  {
    tenantId: tenantId(),
    tokenHash: text('token_hash').notNull(),
    customerId: text('customer_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.tokenHash] }), uniqueIndex('portal_tokens_hash_idx').on(t.tokenHash)],
);

/** A client's signed-in browser: the cookie's SHA-256, the CSRF token it must echo, and its expiry. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    /** With Stripe: the SetupIntent this session made for a new card; only its card may be saved. */
    setupIntentId: text('setup_intent_id'),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('portal_sessions_id_idx').on(t.id),
    index('portal_sessions_customer_idx').on(t.tenantId, t.customerId),
  ],
);

/**
 * Counters for the public magic-link endpoint (per IP, per business+email), one row per key
 * and fixed window. No tenant: an IP is counted across every business of the installation.
 */
export const portalRateLimits = pgTable(
  'portal_rate_limits',
  {
    key: text('key').notNull(),
    windowStart: instant('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
