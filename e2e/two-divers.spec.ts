/**
 * Two divers in view (the 407C sample side by side with itself): the app says it cannot tell which
 * one to judge and gives no score, until the judge clicks one; that diver is then followed and
 * scored within the band of the clip with one diver. A clip larger than the pose stage's working
 * size is read at that size and its skeleton mapped back to the clip's pixels.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { AnalysisSnapshot } from '../src/ui/automation.ts';
import { useAppSession } from './support/browser.ts';
import { loadSampleAndScore, waitForScore } from './support/analysis.ts';
import { loadClipFile } from './support/player.ts';

const SAMPLE = join(import.meta.dirname, '../public/samples/sim-407C-10m.mp4');
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-two-divers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const app = useAppSession();

const snapshot = (page: typeof app.page) => page.evaluate(() => (window as unknown as { divejudge: { analysis(): AnalysisSnapshot } }).divejudge.analysis());

describe('two divers in view', () => {
  test('no score until the judge picks a diver; the picked diver scores within the band of the one-diver clip', async () => {
    const { page } = app;
    await loadSampleAndScore(page, 'sim-407C-10m');
    const plain = (await snapshot(page)).summary as { predictedScore: number; low: number; high: number };

    const double = join(scratch, 'two-divers.mp4');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', SAMPLE, '-i', SAMPLE, '-filter_complex', 'hstack', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', double]);
    expect(made.status, made.stderr?.toString()).toBe(0);
    await loadClipFile(page, double);
    await page.waitForFunction(() => ['encoded', 'scored', 'error'].includes(document.querySelector('[data-testid="analysis-panel"]')?.getAttribute('data-status') ?? '') && (window as unknown as { divejudge: { analysis(): AnalysisSnapshot } }).divejudge.analysis().clipName === 'two-divers.mp4', undefined, { timeout: 240_000 });
    const check = await page.evaluate(() => (window as unknown as { divejudge: { pose(): { otherPeople: unknown } } }).divejudge.pose().otherPeople);
    console.log(`two divers: second person of the diver's size ${JSON.stringify(check)}`);
    await expect(page.getByTestId('pose-others').isVisible()).resolves.toBe(true);
    const refused = await snapshot(page);
    expect(refused.summary).toBeNull();
    expect(refused.notice).toMatch(/cannot tell which diver to judge/);

    // Pick the left diver on the first frame.
    await page.getByTestId('pose-pick').click();
    expect(await page.getByTestId('frame-counter').getAttribute('data-frame')).toBe('0');
    const layer = page.getByTestId('pick-layer');
    const box = await layer.boundingBox();
    if (!box) throw new Error('no pick layer on the video');
    await layer.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
    await page.getByTestId('pose-followed').waitFor({ timeout: 240_000 });
    const picked = await waitForScore(page);
    console.log(`two divers: plain ${plain.predictedScore.toFixed(2)} (${plain.low.toFixed(2)}–${plain.high.toFixed(2)}), left diver picked ${picked.toFixed(2)}`);
    expect(picked).toBeGreaterThanOrEqual(plain.low);
    expect(picked).toBeLessThanOrEqual(plain.high);
    // The skeleton is on the left half, where the judge clicked.
    const joints = await page.evaluate(() => (window as unknown as { divejudge: { pose(): { joints: number[]; detected: number[]; width: number } } }).divejudge.pose());
    const xs = joints.joints.filter((_, i) => i % 3 === 0 && joints.detected[Math.floor(i / 48)] === 1);
    expect(Math.max(...xs)).toBeLessThan(joints.width / 2);
  }, 900_000);

  test('a clip larger than 1920 pixels (the sample scaled to 2560×1440): the skeleton comes back in the clip\'s own pixels and the score stays within the plain band', async () => {
    const { page } = app;
    type Pose = { joints: number[]; detected: number[]; width: number; height: number; frameCount: number };
    const pose = () => page.evaluate(() => (window as unknown as { divejudge: { pose(): Pose } }).divejudge.pose());
    await loadSampleAndScore(page, 'sim-407C-10m');
    const plain = (await snapshot(page)).summary as { predictedScore: number; low: number; high: number };
    const plainPose = await pose();
    const large = join(scratch, 'large.mp4');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', SAMPLE, '-vf', 'scale=2560:1440:flags=bicubic', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', large]);
    expect(made.status, made.stderr?.toString()).toBe(0);
    await loadClipFile(page, large);
    const scored = await waitForScore(page);
    const largePose = await pose();
    expect([largePose.width, largePose.height, largePose.frameCount]).toEqual([2560, 1440, plainPose.frameCount]);
    // Joint by joint, in the plain clip's pixels: the large clip's skeleton ÷ 4 lies on the plain one's.
    const distances: number[] = [];
    for (let f = 0; f < plainPose.frameCount; f++) {
      if (!plainPose.detected[f] || !largePose.detected[f]) continue;
      for (let j = 0; j < 16; j++) {
        const i = (f * 16 + j) * 3;
        distances.push(Math.hypot((largePose.joints[i] ?? 0) / 4 - (plainPose.joints[i] ?? 0), (largePose.joints[i + 1] ?? 0) / 4 - (plainPose.joints[i + 1] ?? 0)));
      }
    }
    distances.sort((a, b) => a - b);
    const median = distances[Math.floor(distances.length / 2)] ?? Infinity;
    console.log(`large clip: ${distances.length / 16} frames compared, median joint distance ${median.toFixed(2)} px (plain pixels); score ${scored.toFixed(2)} vs plain ${plain.predictedScore.toFixed(2)} (${plain.low.toFixed(2)}–${plain.high.toFixed(2)})`);
    expect(distances.length / 16).toBeGreaterThan(plainPose.frameCount * 0.6);
    expect(median).toBeLessThan(3);
    expect(scored).toBeGreaterThanOrEqual(plain.low);
    expect(scored).toBeLessThanOrEqual(plain.high);
  }, 900_000);
});
