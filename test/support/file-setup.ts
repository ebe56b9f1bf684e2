import { afterAll } from 'vitest';

/**
 * Runs before every test file. Test files share their worker process (isolate: false in
 * vitest.config.ts), so the environment variables a file sets (a config knob at the top of the
 * file, or one a test forgot to restore) are put back when it ends instead of reaching the next.
 */
const environment = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
});
