import { loadConfig } from '../platform/config.ts';
import type { DatabaseOptions } from '../platform/db/client.ts';

export function databaseFromEnv(): DatabaseOptions {
  const config = loadConfig();
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'embedded', dataDir: config.dataDir };
}
