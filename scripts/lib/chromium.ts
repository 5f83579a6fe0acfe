/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download does not work
 * on these machines). The flags keep it off the network and let a test start playback without a
 * gesture; WEBGPU_FLAGS adds a software WebGPU adapter.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

/** Adds a software WebGPU adapter (SwiftShader): for checking the WebGPU path, far too slow to time. */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

export async function launchBrowser(extraFlags: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_FLAGS, ...extraFlags] });
}

/**
 * Chromium on a profile kept in `userDataDir`: closed and launched again on the same directory it
 * keeps its HTTP cache, compiled code, storage and service workers, as a user's own browser does.
 */
export async function launchProfile(userDataDir: string, extraFlags: string[] = []): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_FLAGS, ...extraFlags] });
}
