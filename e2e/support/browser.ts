/** Opening the app in a fresh browser context and watching what it requests and logs. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

import { launchBrowser } from '../../scripts/lib/chromium.ts';

export { launchBrowser };

export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to any origin other than the app's own. */
  foreignRequests: string[];
  consoleErrors: string[];
}

export interface OpenOptions {
  /** Settings stored before the app starts (as a returning user would have them). */
  settings?: Record<string, unknown>;
  /**
   * Let the app's service worker run (default: blocked). Its 50 MB precache download at idle shares
   * the two cores with whatever a test measures; the offline spec needs it, the others test other things.
   */
  serviceWorkers?: boolean;
}

export async function openApp(browser: Browser, options: OpenOptions = {}): Promise<AppSession> {
  const baseUrl = inject('baseUrl');
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: options.serviceWorkers ? 'allow' : 'block' });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  if (options.settings) {
    await page.addInitScript((state) => {
      if (!localStorage.getItem('divejudge.settings')) localStorage.setItem('divejudge.settings', JSON.stringify({ state, version: 0 }));
    }, options.settings);
  }
  await page.goto(baseUrl);
  await page.getByTestId('app').waitFor();
  return { context, page, foreignRequests, consoleErrors };
}

/**
 * One browser and one app page for a spec file (or a describe block): launched before its tests,
 * closed after. Returns the session object, filled in once the app is open.
 */
export function useAppSession(extraFlags: string[] = [], options: OpenOptions = {}): AppSession {
  const session = {} as AppSession;
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(extraFlags);
    Object.assign(session, await openApp(browser, options));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return session;
}
