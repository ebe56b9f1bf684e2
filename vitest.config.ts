import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Builds dist/web when stale (the browser tests load the real web app) and migrates the
    // template database every test database is copied from.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Each worker process runs many files: importing the app (~400 modules, PGlite's WebAssembly)
    // once per worker instead of once per file halves the CPU the suite needs. Files still get
    // their own databases, apps and browser contexts; file-setup.ts puts process.env back after
    // each file, and every file stops what it starts.
    isolate: false,
    setupFiles: ['test/support/file-setup.ts'],
  },
});
