/**
 * Finding the diver: pose runs once per clip in the worker with progress, the skeleton is drawn
 * over exactly the frame on screen, it can be toggled, and a clip without a person says which
 * frames lack a diver instead of failing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { STREAM_COPY_CUT, SYNTHETIC_DIVE } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { loadClipFile, readShownFrame, waitForLoadToFinish, waitForSettledFrame } from './support/player.ts';

const REAL_CLIP = join(import.meta.dirname, '../../shared/data/real-clips/springboard-3m-london2012.mp4');

const app = useAppSession();

async function waitForPose(page: Page): Promise<string> {
  await page.waitForFunction(
    () => ['done', 'error', 'cancelled'].includes(document.querySelector('[data-testid="pose-panel"]')?.getAttribute('data-status') ?? ''),
    undefined,
    { timeout: 240_000 },
  );
  return (await page.getByTestId('pose-panel').getAttribute('data-status')) ?? '';
}

async function overlayState(page: Page): Promise<{ frame: string; joints: number }> {
  const canvas = page.getByTestId('pose-overlay');
  return { frame: (await canvas.getAttribute('data-drawn-frame')) ?? '', joints: Number(await canvas.getAttribute('data-drawn-joints')) };
}

describe('pose of the diver', () => {
  test('a clip where no diver is found in some frames: pose finishes and the panel names those frames', async () => {
    const { page } = app;
    await loadClipFile(page, join(inject('fixtureDir'), SYNTHETIC_DIVE.file));
    expect(await waitForPose(page)).toBe('done');
    const summary = (await page.getByTestId('pose-summary').textContent()) ?? '';
    expect(summary).toMatch(/Diver found in \d+ of 75 frames/);
    expect(await page.getByTestId('pose-gaps').textContent()).toMatch(/No diver in frames? [\d–, ]+/);
    expect(app.consoleErrors.filter((e) => !e.includes('XNNPACK') && !e.includes('INFO:'))).toEqual([]);
  });

  test('a clip trimmed without re-encoding: the counter, the player and the pose pass all start at the first frame shown', async () => {
    const { page } = app;
    const pose = () => page.evaluate(() => (window as unknown as { divejudge: { pose(): { forClip: boolean; frameCount: number; joints: number[]; detected: number[] } } }).divejudge.pose());
    // The whole dive first: its pose, frame by frame.
    await loadClipFile(page, join(inject('fixtureDir'), SYNTHETIC_DIVE.file));
    expect(await waitForPose(page)).toBe('done');
    const whole = await pose();
    expect(whole.frameCount).toBe(SYNTHETIC_DIVE.frameCount);
    await loadClipFile(page, join(inject('fixtureDir'), STREAM_COPY_CUT.file));
    expect(await page.getByTestId('clip-frames').textContent()).toBe(String(STREAM_COPY_CUT.presented));
    for (const frame of [0, 10]) {
      await page.getByTestId('scrubber').fill(String(frame));
      expect(await waitForSettledFrame(page)).toBe(frame);
      expect(await readShownFrame(page, SYNTHETIC_DIVE.frameCode)).toBe(frame + STREAM_COPY_CUT.offset);
    }
    expect(await waitForPose(page)).toBe('done');
    const cut = await pose();
    expect(cut.forClip).toBe(true);
    expect(cut.frameCount).toBe(STREAM_COPY_CUT.presented);
    // Pose frame i of the trim is the whole clip's frame i + offset: that offset fits the two best.
    const distance = (offset: number) => {
      let sum = 0, n = 0;
      for (let i = 0; i < cut.frameCount; i++) {
        const j = i + offset;
        if (j >= whole.frameCount || !cut.detected[i] || !whole.detected[j]) continue;
        for (let k = 0; k < 16; k++) {
          sum += Math.hypot((cut.joints[i * 48 + k * 3] ?? 0) - (whole.joints[j * 48 + k * 3] ?? 0), (cut.joints[i * 48 + k * 3 + 1] ?? 0) - (whole.joints[j * 48 + k * 3 + 1] ?? 0));
          n++;
        }
      }
      return n > 0 ? sum / n : Infinity;
    };
    // Both passes must see the diver in common frames at the true offset, or no offset can be told
    // (once seen on CI, not reproduced here: the message says which frames each pass found).
    const seen = (d: number[]) => d.flatMap((v, f) => (v ? [f] : []));
    const common = seen(cut.detected).filter((f) => whole.detected[f + STREAM_COPY_CUT.offset]);
    expect(common.length, `diver found in cut frames [${seen(cut.detected).join(',')}], whole frames [${seen(whole.detected).join(',')}]`).toBeGreaterThan(0);
    const offsets = Array.from({ length: 31 }, (_, k) => k);
    const best = offsets.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    expect(best).toBe(STREAM_COPY_CUT.offset);
  }, 300_000);

  test.skipIf(!existsSync(REAL_CLIP))('a real springboard clip: the skeleton follows the diver on stepped frames, and toggles', async () => {
    const { page } = app;
    await loadClipFile(page, REAL_CLIP);
    // Progress is shown while the worker runs, with a Cancel button.
    await page.getByTestId('pose-progress-label').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('pose-cancel').isVisible()).toBe(true);
    expect(await waitForPose(page)).toBe('done');
    const summary = (await page.getByTestId('pose-summary').textContent()) ?? '';
    const found = Number(/Diver found in (\d+) of 146/.exec(summary)?.[1]);
    expect(found).toBeGreaterThan(100);

    for (const frame of [40, 41, 60, 90]) {
      await page.getByTestId('scrubber').fill(String(frame));
      expect(await waitForSettledFrame(page)).toBe(frame);
      await expect.poll(async () => (await overlayState(page)).frame).toBe(String(frame));
      expect((await overlayState(page)).joints).toBeGreaterThanOrEqual(8);
    }
    // Pixels: the overlay really has drawn something in the hierarchy colours.
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="pose-overlay"]');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      if (data) for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(200);

    await page.keyboard.press('s');
    await expect.poll(async () => (await overlayState(page)).joints).toBe(0);
    await page.keyboard.press('s');
    await expect.poll(async () => (await overlayState(page)).joints).toBeGreaterThanOrEqual(8);
  });

  test('a rendered sample dive: the diver is found in most frames', async () => {
    const { page } = app;
    await page.getByTestId('load-sample').click();
    await waitForLoadToFinish(page);
    expect(await waitForPose(page)).toBe('done');
    const summary = (await page.getByTestId('pose-summary').textContent()) ?? '';
    const [, found, total] = /Diver found in (\d+) of (\d+) frames/.exec(summary) ?? [];
    expect(Number(found) / Number(total)).toBeGreaterThan(0.6);
  });

  test('a pose pass cancelled half-way, then run again: it finishes with the poses of a pass never stopped', async () => {
    const { page } = app;
    type Hook = { divejudge: { pose(): { joints: number[]; detected: number[] }; analysis(): { poseWorkers: { fedByOneDecode: boolean } | null } } };
    const poses = () => page.evaluate(() => {
      const p = (window as unknown as Hook).divejudge.pose();
      return { joints: p.joints, detected: p.detected };
    });
    await page.reload();
    await page.getByTestId('load-sample').click();
    await waitForLoadToFinish(page);
    // Stopped while both pose workers are in the middle of their halves (and the page's one decode
    // is feeding them): nothing may be left waiting, in the page or in a worker.
    await page.waitForFunction(() => Number(/(\d+)\//.exec(document.querySelector('[data-testid="pose-progress-label"]')?.textContent ?? '')?.[1] ?? 0) >= 20, undefined, { timeout: 120_000, polling: 50 });
    await page.getByTestId('pose-cancel').click();
    expect(await waitForPose(page)).toBe('cancelled');
    await page.getByTestId('pose-run').click();
    expect(await waitForPose(page)).toBe('done');
    const again = await poses();
    await page.reload();
    await page.getByTestId('load-sample').click();
    await waitForLoadToFinish(page);
    expect(await waitForPose(page)).toBe('done');
    const whole = await poses();
    expect(again.detected).toEqual(whole.detected);
    expect(again.joints).toEqual(whole.joints);
    // Frames on their way when the pass stopped were closed, not left to the garbage collector.
    expect(app.consoleErrors.filter((e) => /VideoFrame/.test(e))).toEqual([]);
  }, 300_000);

  test('no request left the app', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
