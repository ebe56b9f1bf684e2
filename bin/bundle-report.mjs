#!/usr/bin/env node
// First-load weight of the two web apps, gzipped: index.html plus every script and stylesheet it
// loads before anything is clicked (its <script>, <link rel=stylesheet|modulepreload>, and the
// static imports of those scripts, followed recursively; dynamic import() chunks load later and
// are left out). Exits 1 when the client portal is over its budget: clients open it on phones.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const DIST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/web');
export const PORTAL_BUDGET_BYTES = 250 * 1000;

const ATTRIBUTE_URLS = /<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["'][^>]*>/gi;
// Statement-level `import … from "x"`, `import "x"`, `export … from "x"`; never `import("x")`.
const STATIC_IMPORTS = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^;"'`()]*?\bfrom\s*)?["'`]([^"'`]+)["'`]/g;

function isLoadedTag(tag) {
  if (/^<script/i.test(tag)) return true;
  const rel = /\brel\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase() ?? '';
  return rel.split(/\s+/).some((r) => r === 'stylesheet' || r === 'modulepreload');
}

/** The files (site paths like /assets/x.js) one page loads first, in the order found. */
export function firstLoadFiles(distDir, page) {
  const htmlPath = `/${page}/index.html`;
  const html = readFileSync(join(distDir, htmlPath), 'utf8');
  const files = new Set([htmlPath]);
  const queue = [];
  for (const match of html.matchAll(ATTRIBUTE_URLS)) {
    if (!isLoadedTag(match[0])) continue;
    const url = match[1];
    if (/^[a-z]+:\/\//i.test(url) || url.startsWith('//')) continue; // third-party (e.g. Stripe.js) is not ours to weigh
    queue.push(posix.resolve(posix.dirname(htmlPath), url.split('?')[0]));
  }
  while (queue.length > 0) {
    const file = queue.shift();
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(distDir, file), 'utf8');
    for (const match of code.matchAll(STATIC_IMPORTS)) {
      const specifier = match[1];
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
      queue.push(posix.resolve(posix.dirname(file), specifier));
    }
  }
  return [...files];
}

export function pageReport(distDir, page) {
  const files = firstLoadFiles(distDir, page).map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return {
    page,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** Prints the report; returns false when the portal is over budget. */
export function printBundleReport(distDir = DIST_DIR, log = console.log) {
  let withinBudget = true;
  log('First load, gzipped (index.html + scripts and styles it loads before any click):');
  for (const page of ['portal', 'app']) {
    if (!existsSync(join(distDir, page, 'index.html'))) {
      log(`  ${page}: not built (${join(distDir, page, 'index.html')} is missing)`);
      withinBudget = false;
      continue;
    }
    const report = pageReport(distDir, page);
    const budget = page === 'portal' ? PORTAL_BUDGET_BYTES : null;
    const verdict = budget === null ? '' : report.gzipBytes <= budget ? `  (budget ${kb(budget)}: ok)` : `  (budget ${kb(budget)}: OVER)`;
    log(`  ${page === 'app' ? 'back office /app/' : 'portal /portal/'}: ${kb(report.gzipBytes)} gzipped, ${kb(report.bytes)} raw, ${report.files.length} files${verdict}`);
    for (const f of [...report.files].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 6)) log(`      ${kb(f.gzipBytes).padStart(10)}  ${f.file}`);
    if (budget !== null && report.gzipBytes > budget) withinBudget = false;
  }
  return withinBudget;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = printBundleReport(process.argv[2] ? resolve(process.argv[2]) : DIST_DIR);
  if (!ok) {
    console.error(`The client portal's first load is over ${kb(PORTAL_BUDGET_BYTES)} gzipped (or a page is not built).`);
    process.exit(1);
  }
}
