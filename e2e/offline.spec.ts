/**
 * Installable and offline: after one visit the service worker has cached the app, the runtimes,
 * the default pose model and pack, so with the network gone the app starts again and scores a
 * sample, the same score as online.
 */
import { describe, expect, test } from 'vitest';
import type { AnalysisSnapshot } from '../src/ui/automation.ts';
import { useAppSession } from './support/browser.ts';
import { loadSampleAndScore } from './support/analysis.ts';

const app = useAppSession([], { serviceWorkers: true });

describe('offline', () => {
  test('after one visit: the network gone, the app reloads and scores a sample as it did online', async () => {
    const { page, context } = app;
    const online = await loadSampleAndScore(page, 'sim-407C-10m');
    // The service worker says when everything the default path needs is cached.
    const banner = page.getByTestId('app-update');
    await banner.waitFor({ timeout: 180_000 });
    expect(await banner.getAttribute('data-state')).toBe('offline-ready');
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json() as Promise<{ name: string; icons: Array<{ sizes: string }> }>);
    expect(manifest.name).toBe('DiveJudge');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByTestId('app').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      const offline = await loadSampleAndScore(page, 'sim-407C-10m');
      const snapshot = await page.evaluate(() => (window as unknown as { divejudge: { analysis(): AnalysisSnapshot } }).divejudge.analysis());
      console.log(`offline: sample scored ${offline.toFixed(2)} offline, ${online.toFixed(2)} online (${snapshot.clipName})`);
      expect(Math.abs(offline - online)).toBeLessThan(1e-3);
    } finally {
      await context.setOffline(false);
    }
  }, 600_000);
});
