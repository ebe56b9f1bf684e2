import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { firstLoadFiles } from '../../bin/bundle-report.mjs';

const SCRIPT = fileURLToPath(new URL('../../bin/bundle-report.mjs', import.meta.url));

/** A dist/web as Vite writes it: two pages, shared chunks, one lazily loaded chunk. */
function fakeDist(portalFiller: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'duly-bundle-'));
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'portal'));
  mkdirSync(join(dir, 'assets'));
  const page = (entry: string) =>
    `<!doctype html><html><head><script type="module" crossorigin src="/assets/${entry}"></script>
<link rel="modulepreload" crossorigin href="/assets/shared.js"><link rel="stylesheet" href="/assets/site.css">
<link rel="manifest" href="/portal/manifest.webmanifest"><script src="https://js.stripe.com/v3/"></script></head><body></body></html>`;
  writeFileSync(join(dir, 'app', 'index.html'), page('app.js'));
  writeFileSync(join(dir, 'portal', 'index.html'), page('portal.js'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'import{a as b}from"./shared.js";import"./side-effect.js";const c=()=>import("./lazy.js");');
  writeFileSync(join(dir, 'assets', 'portal.js'), `import{a}from"./shared.js";export{x}from"./reexport.js";const t=\`${portalFiller}\`;import("./lazy.js");`);
  writeFileSync(join(dir, 'assets', 'shared.js'), 'import{r}from"./runtime.js";export const a=1;');
  for (const file of ['side-effect.js', 'lazy.js', 'runtime.js', 'reexport.js']) writeFileSync(join(dir, 'assets', file), `/*${file}*/`);
  writeFileSync(join(dir, 'assets', 'site.css'), 'body{margin:0}');
  return dir;
}

describe('bundle report', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('weighs the page, its scripts and styles and their static imports, not lazy chunks or third-party scripts', () => {
    const dir = fakeDist('');
    dirs.push(dir);
    expect(new Set(firstLoadFiles(dir, 'app'))).toEqual(
      new Set(['/app/index.html', '/assets/app.js', '/assets/shared.js', '/assets/runtime.js', '/assets/side-effect.js', '/assets/site.css']),
    );
    expect(new Set(firstLoadFiles(dir, 'portal'))).toEqual(
      new Set(['/portal/index.html', '/assets/portal.js', '/assets/shared.js', '/assets/runtime.js', '/assets/reexport.js', '/assets/site.css']),
    );
  });

  it('fails when the portal is over 250 KB gzipped, and passes under it', () => {
    const light = fakeDist('');
    const heavy = fakeDist(randomBytes(300_000).toString('base64')); // base64 of random bytes hardly compresses
    dirs.push(light, heavy);
    expect(execFileSync(process.execPath, [SCRIPT, light], { encoding: 'utf8' })).toMatch(/portal \/portal\/: [\d.]+ KB gzipped.*budget 250\.0 KB: ok/);
    let failure: { status: number; stdout: string } | undefined;
    try {
      execFileSync(process.execPath, [SCRIPT, heavy], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number; stdout: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toMatch(/budget 250\.0 KB: OVER/);
  });
});
