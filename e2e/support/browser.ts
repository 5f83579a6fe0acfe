/** Opening the app in a fresh browser context and watching what it requests and logs. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export { launchBrowser } from '../../scripts/lib/chromium.ts';

export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to any origin other than the app's own. */
  foreignRequests: string[];
  consoleErrors: string[];
}

export async function openApp(browser: Browser): Promise<AppSession> {
  const baseUrl = inject('baseUrl');
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
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
  await page.goto(baseUrl);
  await page.getByTestId('app').waitFor();
  return { context, page, foreignRequests, consoleErrors };
}
