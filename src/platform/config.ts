import { resolve } from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  schedulerIntervalMs: number;
  logLevel: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number.parseInt(env.PORT ?? '3000', 10),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    dataDir: resolve(env.DULY_DATA_DIR ?? './data'),
    schedulerIntervalMs: Number.parseInt(env.DULY_SCHEDULER_INTERVAL_MS ?? '5000', 10),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

/** The address clients reach (pay links, card updates, unsubscribe), without a trailing slash. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.DULY_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
}
