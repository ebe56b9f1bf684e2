import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Once per test run: browser tests load the built web app from dist/web, so build it when it is
 * missing or older than web/ and the catalogues (the same step `npm start` runs). A web app that
 * does not build fails the run under CI; on a developer machine the other tests still run and the
 * browser tests use the last good build, with the failure printed above them.
 */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../bin/build-web.mjs', import.meta.url));
  try {
    execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn('duly tests: the web app did not build (see above); browser tests use the previous build in dist/web.');
  }
}
