import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Clock } from '../../src/platform/clock.ts';
import { WEB_DIST_DIR } from '../../src/platform/http/web-app.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/** Debian's Chromium (`apt-get install chromium`); DULY_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.DULY_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests need Chromium. Under CI it is installed by `.ci/run`, so a missing one fails the
 * run; on a developer's machine without it the browser tests are skipped with this reason.
 */
export const browserMissing = !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true';

// The flags this machine needs: no sandbox as root, and no background traffic to Google that the
// closed network would refuse.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type WebTestApp = TestApp & {
  /** `http://127.0.0.1:<port>`: the real server (API + built web app) on a real database. */
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) at a desktop or phone size. */
  newPage(options?: { viewport?: 'desktop' | 'phone'; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
};

const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;

// One Chromium per test worker, shared by the browser test files the worker runs one after the
// other (vitest.config.ts: isolate false): a launch costs a second or two of CPU each time. Files
// stay apart because every page gets a fresh context and stop() closes this file's contexts.
let launched: Promise<Browser> | undefined;

async function workerBrowser(): Promise<Browser> {
  const browser = await launched?.catch(() => undefined);
  if (browser?.isConnected()) return browser;
  launched = chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return launched;
}

/** Starts the server on a free port with the built web app, and Chromium to drive it. */
export async function startWebTestApp(options: { clock?: Clock } = {}): Promise<WebTestApp> {
  if (!existsSync(`${WEB_DIST_DIR}/app/index.html`)) {
    throw new Error(`The web app is not built in ${WEB_DIST_DIR}: run \`npm run build\` (the test setup normally does it).`);
  }
  const app = await startTestApp(options);
  const baseUrl = await app.server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await workerBrowser();
  const stop = app.stop;
  return {
    ...app,
    baseUrl,
    browser,
    async newPage(o = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: VIEWPORTS[o.viewport ?? 'desktop'],
        locale: o.locale ?? 'en-US',
        isMobile: o.viewport === 'phone',
        hasTouch: o.viewport === 'phone',
        acceptDownloads: true,
        // The server's CSP (rightly) refuses inline scripts; axe-core is injected as one by the accessibility check.
        bypassCSP: true,
      });
      context.setDefaultTimeout(15_000);
      return { context, page: await context.newPage() };
    },
    async stop() {
      await Promise.all(browser.contexts().map((context) => context.close()));
      await stop();
    },
  };
}

/** Signs in through the real sign-in page, with the authentication code when the user has MFA. */
export async function signInThroughUi(page: Page, user: { email: string; password: string; totpCode?: () => Promise<string> | string }) {
  await page.goto('/app/');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (user.totpCode) {
    await page.getByLabel('Authentication code').fill(await user.totpCode());
    await page.getByRole('button', { name: /verify|sign in/i }).click();
  }
  await page.getByRole('navigation').waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core in the page and returns the serious and critical violations (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Catalogue keys the page asked for that its language lacks (recorded by web/shared/i18n.ts). */
export async function missingTranslations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { dulyMissingKeys?: string[] }).dulyMissingKeys ?? []);
}

/** Opens the page in this language from the first paint on (the choice the language switcher saves). */
export async function useLanguage(context: BrowserContext, language: string) {
  await context.addInitScript((code) => localStorage.setItem('duly.language', code), language);
}

/**
 * Signs in through the same `/auth/sign_in` call the sign-in page makes; the browser profile keeps
 * the session cookies. For tests whose subject is a page behind sign-in, not the sign-in page.
 */
export async function signInWithSession(context: BrowserContext, user: { email: string; password: string }) {
  const response = await context.request.post('/auth/sign_in', { data: { email: user.email, password: user.password } });
  if (response.status() !== 200) throw new Error(`Sign-in failed with ${response.status()}: ${await response.text()}`);
}
