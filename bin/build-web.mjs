#!/usr/bin/env node
// Builds the web apps (Vite, web/vite.config.ts -> dist/web), prints the bundle report and stamps
// the build. With --if-stale it builds only when dist/web is missing or older than the web
// sources or the message catalogues: what `npm start` (prestart) and the test setup run.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST_DIR, printBundleReport } from './bundle-report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP_FILE = join(DIST_DIR, '.build-stamp');
const SOURCES = [join(ROOT, 'web'), join(ROOT, 'src/platform/i18n/locales')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why a build is needed, or null when dist/web is newer than everything it is built from. */
export function staleReason() {
  if (!existsSync(join(DIST_DIR, 'app', 'index.html')) || !existsSync(join(DIST_DIR, 'portal', 'index.html'))) return 'dist/web is missing';
  if (!existsSync(STAMP_FILE)) return 'dist/web has no build stamp';
  const built = statSync(STAMP_FILE).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(source) > built);
  return changed ? `${changed.slice(ROOT.length + 1)} changed since the last build` : null;
}

/** Builds dist/web; returns false when the portal's first load is over budget. */
export async function buildWeb(log = console.log) {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP_FILE, `${new Date().toISOString()}\n`);
  log(`Built the web apps into dist/web in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  return printBundleReport(DIST_DIR, log);
}

/** `--if-stale`: build only when needed. Returns false when the build is over budget. */
export async function buildWebIfStale(log = console.log) {
  if (!staleReason()) return true;
  // `npm start` and a test run may both find the build stale: one builds, the other waits for it.
  const release = await lock();
  try {
    const reason = staleReason();
    if (!reason) return true;
    log(`Building the web apps (${reason})...`);
    return await buildWeb(log);
  } finally {
    release();
  }
}

const LOCK_DIR = `${DIST_DIR}.lock`;

async function lock() {
  mkdirSync(dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      return () => rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A build takes well under five minutes: an older lock was left by a killed process.
      if (Date.now() - statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs > 5 * 60_000) rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = await (process.argv.includes('--if-stale') ? buildWebIfStale() : buildWeb()).catch((error) => {
    // Vite has already printed the details (file, line); the stack of the bundler adds nothing.
    console.error(`The web app did not build: ${String(error.message).split('\n')[0]}`);
    process.exit(1);
  });
  if (!ok) {
    console.error('The client portal is over its first-load budget (see the report above).');
    // Starting the server with a heavy portal still beats not starting: only `npm run build` fails.
    if (!process.argv.includes('--if-stale')) process.exit(1);
  }
}
