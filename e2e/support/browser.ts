/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download does not work
 * on these machines). Flags as measured in the shared browser-runtime notes.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const BASE_FLAGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  // Autoplay policies must not block play() in a test that presses Space.
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchBrowser(extraFlags: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_FLAGS, ...extraFlags] });
}

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
