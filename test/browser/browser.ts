// Browser tests drive Debian's chromium (apt-get install chromium; .ci/run does
// it in CI) through playwright-core: `npx playwright install` cannot download
// here. One browser per suite; every fan is a separate context (own storage,
// as a separate person's browser would be). Screenshots of every screen go to
// test-artifacts/ (git-ignored).
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Harper } from '../harness.js';
import type { Api } from '../client.js';
import { harperForSuite } from '../suite.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

function findAppDir(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'config.yaml'))) dir = dirname(dir);
  return dir;
}
const artifacts = join(findAppDir(import.meta.dirname), 'test-artifacts');

export async function launch(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary --user-data-dir of its own
  // (it refuses one passed in args), so no state leaks between runs.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Fan {
  context: BrowserContext;
  page: Page;
  /** errors the page threw or logged: a test can assert there were none */
  errors: string[];
}

const openPages = new Set<Page>();

/** Screenshots of every page still open, named after a failed test: what the browser showed when it failed. */
export async function screenshotOpenPages(testName: string): Promise<void> {
  let n = 0;
  for (const page of openPages) {
    if (page.isClosed()) continue;
    await screenshot(page, `FAILED-${testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${++n}`, true).catch(() => undefined);
  }
}

export async function openFan(browser: Browser, baseURL: string, options: { phone?: boolean; height?: number } = {}): Promise<Fan> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // a refused topic or a 4xx answer the page handles is logged by the browser as a failed load; not an error of ours
    if (message.type() === 'error' && !/Failed to load resource|EventSource|WebSocket/.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage, animations: 'disabled' });
}

/** A screenshot of one part of a page (for the README). */
export async function screenshotOf(part: Locator, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await part.screenshot({ path: join(artifacts, `${name}.png`), animations: 'disabled' });
}

/** The live-update line of the fan page. */
export const liveStatus = (page: Page) => page.locator('#live-status');

/**
 * A browser suite: one Harper (test/suite.ts) and one Chromium for its tests,
 * and a screenshot of every open page when a test fails.
 */
export function browserSuite(): { harper: Harper; api: Api; browser: Browser } {
  const suite = harperForSuite() as { harper: Harper; api: Api; browser: Browser };
  beforeAll(async () => {
    suite.browser = await launch();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotOpenPages(ctx.task.name);
  });
  afterAll(() => suite.browser?.close());
  return suite;
}
