import { resolve } from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  schedulerIntervalMs: number;
  logLevel: string;
  /** Where the Stripe SDK sends requests (`http://127.0.0.1:12111` for a local fake); null = api.stripe.com. */
  stripeApiBase: string | null;
  /** How long one Stripe call may take before its outcome counts as unknown (retried with the same key). */
  stripeTimeoutMs: number;
  /** Signs card-update links; null = a random secret generated once and kept in the database. */
  cardLinkSecret: string | null;
  /** Trust X-Forwarded-* from a reverse proxy (DULY_TRUST_PROXY=true): `request.protocol` then says https behind TLS. */
  trustProxy: boolean;
  /** Mark session cookies Secure even when the request did not arrive over https (DULY_SECURE_COOKIES=true). */
  secureCookies: boolean;
  /** Master key for secrets at rest (DULY_ENCRYPTION_KEY, 32 bytes base64); null = a key file in the data dir. */
  encryptionKey: string | null;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number.parseInt(env.PORT ?? '3000', 10),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    dataDir: resolve(env.DULY_DATA_DIR ?? './data'),
    schedulerIntervalMs: Number.parseInt(env.DULY_SCHEDULER_INTERVAL_MS ?? '5000', 10),
    logLevel: env.LOG_LEVEL ?? 'info',
    stripeApiBase: env.DULY_STRIPE_API_BASE || null,
    stripeTimeoutMs: Number.parseInt(env.DULY_STRIPE_TIMEOUT_MS ?? '30000', 10),
    cardLinkSecret: env.DULY_CARD_LINK_SECRET || null,
    trustProxy: env.DULY_TRUST_PROXY === 'true',
    secureCookies: env.DULY_SECURE_COOKIES === 'true',
    encryptionKey: env.DULY_ENCRYPTION_KEY || null,
  };
}

/** The address clients reach (pay links, card updates, unsubscribe), without a trailing slash. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.DULY_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
}
