/**
 * Real broadcast clips from ../shared (never committed). Skipped, with the reason, where absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useAppSession } from './support/browser.ts';
import { loadClipFile, waitForSettledFrame } from './support/player.ts';

const REAL_CLIPS_DIR = join(import.meta.dirname, '../../shared/data/real-clips');
const present = existsSync(REAL_CLIPS_DIR);
const clips = [
  { file: 'springboard-3m-london2012.mp4', fps: '25 fps', frames: '146' },
  { file: 'platform-10m-london2012.mp4', fps: '30 fps', frames: '117' },
];

describe.skipIf(!present)('real broadcast clips (../shared/data/real-clips)', () => {
  const app = useAppSession();

  test.each(clips)('$file loads at $fps with $frames frames and steps', async ({ file, fps, frames }) => {
    const { page } = app;
    await loadClipFile(page, join(REAL_CLIPS_DIR, file));
    expect(await page.getByTestId('clip-error').count()).toBe(0);
    expect(await page.getByTestId('clip-fps').textContent()).toBe(fps);
    expect(await page.getByTestId('clip-frames').textContent()).toBe(frames);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await waitForSettledFrame(page)).toBe(10);
    const time = await page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="video"]')?.currentTime ?? -1);
    expect(time).toBeCloseTo(10.5 / Number.parseFloat(fps), 3);
  });
});

if (!present) {
  test.skip('real clips: ../shared/data/real-clips is absent on this machine', () => {});
}
