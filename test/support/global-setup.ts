import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTemplateDatabase } from './database.ts';

/**
 * Once per test run: browser tests load the built web app from dist/web, so build it when it is
 * missing or older than web/ and the catalogues (the same step `npm start` runs). A web app that
 * does not build fails the run under CI; on a developer machine the other tests still run and the
 * browser tests use the last good build, with the failure printed above them.
 * Then the migrated database every test database is copied from (removed by the returned teardown).
 */
export default async function setup(): Promise<() => Promise<void>> {
  buildWebApp();
  return createTemplateDatabase();
}

function buildWebApp(): void {
  const script = fileURLToPath(new URL('../../bin/build-web.mjs', import.meta.url));
  try {
    // vitest sets NODE_ENV=test, which would make Vite build React's development runtime.
    execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn('duly tests: the web app did not build (see above); browser tests use the previous build in dist/web.');
  }
}
