import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_LOCALES } from '../../platform/i18n/index.ts';

/**
 * The files a form page loads, all served by this server (self-hosted: no CDN, no third party
 * sees the visitor): the official ALTCHA web component in its "external" build (no inline
 * workers, so no blob: URLs in the CSP), its stylesheet, its PBKDF2 worker, its strings in our
 * five languages, and our own page script. Read once; URLs carry a content hash so browsers may
 * cache them for long.
 */
type Asset = { body: Buffer; type: string; hash: string };

// `altcha/external` resolves to dist/external/altcha.umd.cjs; the files below sit beside it.
const ALTCHA_DIST = join(dirname(createRequire(import.meta.url).resolve('altcha/external')), '..');
const OWN_SCRIPT = fileURLToPath(new URL('./form-client.js', import.meta.url));

const SOURCES: Record<string, { path: string; type: string }> = {
  'altcha.js': { path: join(ALTCHA_DIST, 'external/altcha.min.js'), type: 'text/javascript; charset=utf-8' },
  'altcha.css': { path: join(ALTCHA_DIST, 'external/altcha.css'), type: 'text/css; charset=utf-8' },
  'pbkdf2.js': { path: join(ALTCHA_DIST, 'workers/pbkdf2.js'), type: 'text/javascript; charset=utf-8' },
  'form.js': { path: OWN_SCRIPT, type: 'text/javascript; charset=utf-8' },
  ...Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => [`i18n/${locale}.js`, { path: join(ALTCHA_DIST, `i18n/${locale}.js`), type: 'text/javascript; charset=utf-8' }]),
  ),
};

let loaded: Map<string, Asset> | null = null;

function assets(): Map<string, Asset> {
  if (!loaded) {
    loaded = new Map(
      Object.entries(SOURCES).map(([name, source]) => {
        const body = readFileSync(source.path);
        return [name, { body, type: source.type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) }];
      }),
    );
  }
  return loaded;
}

/** The asset's URL on this server, with its content hash (a new version is a new URL). */
export function assetUrl(name: string): string {
  const asset = assets().get(name);
  if (!asset) throw new RangeError(`No form asset named ${name}`);
  return `/forms/assets/${name}?v=${asset.hash}`;
}

export function formAsset(name: string): Asset | undefined {
  return assets().get(name);
}
