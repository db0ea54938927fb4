/**
 * Debian's Chromium driven by playwright-core (never `playwright install`), one isolated context per
 * persona, and a screenshot into apps/web/test-results/ when a test fails.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { launchChromium } from './chromium';

const resultsDir = resolve(import.meta.dirname, '../../test-results');

/**
 * Chromium for the calling test file: launched before its tests, closed after them. `newPage()` opens a
 * page in a context of its own (one persona: own storage, own tokens) on `baseURL`, `newTab(page)` a
 * second tab beside it;
 * `screenshotOnFailure(test)`, called at the start of a test, saves every page opened so far as PNGs
 * named after the test if it fails.
 */
/** `baseURL` may be a function, for a server a test file starts itself (read when a page opens). */
export function useChromium(baseURL: string | (() => string)) {
  let browser: Browser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage({ viewport = { width: 1100, height: 800 } } = {}): Promise<Page> {
      const url = typeof baseURL === 'function' ? baseURL() : baseURL;
      const context: BrowserContext = await browser!.newContext({ baseURL: url, viewport });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      pages.push(page);
      return page;
    },
    /** Another tab of the same browser profile as `page` (same storage, same session). */
    async newTab(page: Page): Promise<Page> {
      const tab = await page.context().newPage();
      pages.push(tab);
      return tab;
    },
    screenshotOnFailure: (test: TestContext) => screenshotOnFailure(test, pages),
  };
}

function screenshotOnFailure(test: TestContext, pages: Page[]) {
  test.onTestFailed(async () => {
    mkdirSync(resultsDir, { recursive: true });
    const name = test.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await Promise.all(
      pages.map((page, index) =>
        page
          .screenshot({ path: resolve(resultsDir, `${name}-${index}.png`), fullPage: true })
          .catch(() => undefined),
      ),
    );
  });
}

export { apiStatus, chooseOrganization, signInAs } from './pages';
