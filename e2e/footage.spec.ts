/**
 * Footage as judges and coaches have it, beyond what `<video>` reads: an AVI with Motion JPEG
 * (UNLV-Dive / AQA-7's format) and a folder of JPG frames (FineDiving's layout), both made from the
 * 407C sample with a frame code burned in. Each is converted on opening, steps frame-exactly (the
 * code on screen is the frame the counter says) and scores within the band of the sample itself;
 * an AVI with another codec gets a message naming it and the clip on screen stays. A clip that cuts
 * or dissolves to another camera at the entry shows the change of shot on the timeline, and the
 * splash says it cannot be read; after the cut the diver is found at once where the second camera
 * shows them.
 * A clip that starts after the take-off says so on the timeline, in the score's reasons and in the checklist.
 * A slow-motion replay after the dive is shown on the timeline and left out of the stages, the
 * score and the checklist, which come out as the dive's own; so is a cut to an underwater camera
 * after the entry, except for the splash it hides, which the award takes at its typical deduction.
 */
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { CAMERA_CUT_SAMPLE, CAMERA_DISSOLVE_SAMPLE, CODED_SAMPLE_FOOTAGE, MID_FLIGHT_START, REAL_SPEED_REPLAY, SLOW_MOTION_REPLAY, ensureUnderwaterSample } from '../scripts/lib/fixtures.ts';
import type { AnalysisSnapshot } from '../src/ui/automation.ts';
import { loadSampleAndScore, waitForScore } from './support/analysis.ts';
import { useAppSession } from './support/browser.ts';
import { loadClipFile, readShownFrame, waitForLoadToFinish, waitForSettledFrame } from './support/player.ts';

const app = useAppSession();
const fixture = (name: string) => join(inject('fixtureDir'), name);
const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { divejudge: { analysis(): AnalysisSnapshot } }).divejudge.analysis());
let plain: { predictedScore: number; low: number; high: number } | null = null;

/** The sample as given: its score and band, the reference for the converted footage. */
async function plainBand(page: Page): Promise<{ predictedScore: number; low: number; high: number }> {
  if (!plain) {
    await loadSampleAndScore(page, 'sim-407C-10m');
    plain = (await snapshot(page)).summary as { predictedScore: number; low: number; high: number };
  }
  return plain;
}

/** Opens a fixture clip, waits for its score and returns the frames the timeline marks as changes of shot. */
async function scoredShotChanges(page: Page, file: string): Promise<number[]> {
  await plainBand(page);
  await loadClipFile(page, fixture(file));
  expect(await page.getByTestId('clip-name').textContent()).toBe(file);
  await waitForScore(page);
  return page.getByTestId('shot-cut').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame'))));
}

type PoseOnScreen = { joints: number[]; detected: number[]; frameCount: number };
const poseOnScreen = (page: Page) => page.evaluate(() => (window as unknown as { divejudge: { pose(): PoseOnScreen } }).divejudge.pose());

/** The centre and size (longer side) of the joints the pose stage is sure of on frame `f`; null where it found no diver. */
function diverCentre(pose: PoseOnScreen, f: number): { x: number; y: number; size: number } | null {
  if (!pose.detected[f]) return null;
  const xs: number[] = [], ys: number[] = [];
  for (let j = 0; j < 16; j++) {
    const at = (f * 16 + j) * 3;
    if ((pose.joints[at + 2] ?? 0) < 0.3) continue;
    xs.push(pose.joints[at] ?? 0);
    ys.push(pose.joints[at + 1] ?? 0);
  }
  if (xs.length < 4) return null;
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { x: (x1 + x2) / 2, y: (y1 + y2) / 2, size: Math.max(x2 - x1, y2 - y1) };
}

async function expectFrameExactAndScored(page: Page, label: string): Promise<void> {
  const reference = await plainBand(page);
  expect(await page.getByTestId('clip-frames').textContent()).toBe(String(CODED_SAMPLE_FOOTAGE.frames));
  expect(await page.getByTestId('clip-fps').textContent()).toBe('25 fps');
  for (const frame of [0, 1, 54, 108]) {
    await page.getByTestId('scrubber').fill(String(frame));
    expect(await waitForSettledFrame(page)).toBe(frame);
    expect(await readShownFrame(page, CODED_SAMPLE_FOOTAGE.frameCode)).toBe(frame);
  }
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  expect(await waitForSettledFrame(page)).toBe(1);
  expect(await readShownFrame(page, CODED_SAMPLE_FOOTAGE.frameCode)).toBe(1);
  const score = await waitForScore(page);
  console.log(`${label}: scored ${score.toFixed(2)}; the sample as given ${reference.predictedScore.toFixed(2)} (${reference.low.toFixed(2)}–${reference.high.toFixed(2)})`);
  expect(score).toBeGreaterThanOrEqual(reference.low);
  expect(score).toBeLessThanOrEqual(reference.high);
}

describe('footage the browser does not play itself', () => {
  test('an AVI with Motion JPEG: converted on opening, steps frame-exactly, scores within the sample\'s band', async () => {
    const { page } = app;
    await plainBand(page);
    await page.getByTestId('file-input').setInputFiles(fixture(CODED_SAMPLE_FOOTAGE.avi));
    await page.getByTestId('clip-converting').waitFor({ timeout: 10_000 });
    await waitForLoadToFinish(page);
    expect(await page.getByTestId('clip-name').textContent()).toBe('sim-407C-10m-mjpeg (from AVI).mp4');
    expect(await page.getByTestId('clip-converted-from').textContent()).toMatch(/^AVI, Motion JPEG, 109 frames at 25 fps/);
    await expectFrameExactAndScored(page, 'AVI (Motion JPEG)');
  }, 900_000);

  test('a folder of JPG frames: the frame rate is confirmed first, then it steps frame-exactly and scores', async () => {
    const { page } = app;
    await plainBand(page);
    const before = await page.getByTestId('clip-name').textContent();
    // Esc on the frame-rate question: nothing is opened, the clip on screen stays.
    await page.getByTestId('frames-folder-input').setInputFiles(fixture(CODED_SAMPLE_FOOTAGE.folder));
    await page.getByTestId('frames-fps').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('frames-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.getByTestId('clip-name').textContent()).toBe(before);

    await page.getByTestId('frames-folder-input').setInputFiles(fixture(CODED_SAMPLE_FOOTAGE.folder));
    // The folder's marker file (not a picture) is left out.
    expect(await page.getByTestId('frames-count').textContent()).toBe(String(CODED_SAMPLE_FOOTAGE.frames));
    expect(await page.getByTestId('frames-fps').inputValue()).toBe('25');
    await page.getByTestId('frames-fps').fill('0');
    expect(await page.getByTestId('frames-open').isDisabled()).toBe(true);
    await page.getByTestId('frames-fps').fill('25');
    await page.keyboard.press('Enter');
    await page.getByTestId('clip-loading').waitFor({ timeout: 10_000 });
    await waitForLoadToFinish(page);
    expect(await page.getByTestId('clip-name').textContent()).toBe(`${CODED_SAMPLE_FOOTAGE.folder} (109 frames at 25 fps).mp4`);
    await expectFrameExactAndScored(page, 'folder of JPG frames');
  }, 900_000);

  test('an AVI with MPEG-4 video: the message names the codec and the clip on screen stays', async () => {
    const { page } = app;
    await plainBand(page);
    const before = await page.getByTestId('clip-name').textContent();
    await loadClipFile(page, fixture(CODED_SAMPLE_FOOTAGE.mpeg4Avi));
    const message = (await page.getByTestId('clip-error').textContent()) ?? '';
    expect(message).toMatch(/AVI file with “(FMP4|XVID|DIVX)” video/);
    expect(message).toMatch(/Motion JPEG/);
    expect(await page.getByTestId('clip-name').textContent()).toBe(before);
  }, 300_000);

  test('a clip that cuts to another camera at the entry: the cut is on the timeline, the diver is found again in the second camera, and the splash is not read across it', async () => {
    const { page } = app;
    const cuts = await scoredShotChanges(page, CAMERA_CUT_SAMPLE.file);
    expect(cuts).toEqual([CAMERA_CUT_SAMPLE.cutAt]);
    const withCut = await poseOnScreen(page);
    expect(await page.getByTestId('shot-note').textContent()).toContain(`2 shots (the clip changes camera): frames 1–${CAMERA_CUT_SAMPLE.cutAt} · frames ${CAMERA_CUT_SAMPLE.cutAt + 1}–${CAMERA_CUT_SAMPLE.frames}`);
    expect(await page.getByTestId('splash-measured').textContent()).toContain('not measurable: the clip changes camera at the entry');
    expect(await page.getByTestId('checklist-value-splash').textContent()).toMatch(/not measurable/);
    expect(await page.getByTestId('checklist-item-splash').textContent()).toContain('the clip changes camera at the entry');
    // Hidden, not perfect: the award takes the splash at its typical deduction.
    expect(await page.getByTestId('checklist-deduction-splash').textContent()).toMatch(/^−\d\.\d\d typical$/);
    expect(await page.getByTestId('checklist-assumed-splash').count()).toBe(1);
    // The same sample without the cut: one shot, no note.
    await loadSampleAndScore(page, 'sim-407C-10m');
    expect(await page.getByTestId('shot-cut').count()).toBe(0);
    expect(await page.getByTestId('shot-note').count()).toBe(0);
    // The diver, still in the air, is found from the cut frame on where the second camera shows
    // them: the first camera's pose of the same frame, mirrored and framed tighter as the fixture
    // does it, on each frame the uncut sample has its diver (the cut frame at least). Before
    // 2026-12-07 the track looked for them near where the first camera had them.
    const single = await poseOnScreen(page);
    const k = CAMERA_CUT_SAMPLE.cutAt;
    const seen = (pose: PoseOnScreen) => Array.from({ length: 8 }, (_, i) => k - 2 + i).filter((f) => diverCentre(pose, f) !== null);
    console.log(`diver found around the cut (frames ${k - 2}–${k + 5}): the sample on [${seen(single).join(', ')}], the cut clip on [${seen(withCut).join(', ')}]`);
    const found: string[] = [];
    const compared = seen(single).filter((f) => f >= k && f <= k + 5);
    expect(compared, "the uncut sample's diver on the cut frame").toContain(k);
    for (const f of compared) {
      const there = diverCentre(single, f), here = diverCentre(withCut, f);
      if (!there || !here) {
        found.push(`${f}: not found`);
        continue;
      }
      const expected = CAMERA_CUT_SAMPLE.secondCamera(there.x, there.y);
      const off = Math.hypot(here.x - expected.x, here.y - expected.y);
      found.push(`${f}: ${off.toFixed(1)} px from where the second camera shows the diver (body ${(there.size * CAMERA_CUT_SAMPLE.secondCameraZoom).toFixed(0)} px)`);
      expect(off, found.join('; ')).toBeLessThan(0.5 * there.size * CAMERA_CUT_SAMPLE.secondCameraZoom);
    }
    console.log(`after the cut: ${found.join('; ')}`);
    expect(found.every((line) => !line.endsWith('not found')), found.join('; ')).toBe(true);
  }, 600_000);

  test('a clip that dissolves to another camera during the flight: one change of shot inside the blend; the entry is in the second view, so the splash is read', async () => {
    const { page } = app;
    const cuts = await scoredShotChanges(page, CAMERA_DISSOLVE_SAMPLE.file);
    const { from, length, frames } = CAMERA_DISSOLVE_SAMPLE;
    console.log(`dissolve over frames ${from}–${from + length - 1}: shot changes found at [${cuts.join(', ')}]`);
    expect(cuts).toHaveLength(1);
    const cut = cuts[0] as number;
    expect(cut).toBeGreaterThanOrEqual(from - 2);
    expect(cut).toBeLessThanOrEqual(from + length + 1);
    expect(await page.getByTestId('shot-note').textContent()).toContain(`2 shots (the clip changes camera): frames 1–${cut} · frames ${cut + 1}–${frames}`);
    expect(await page.getByTestId('splash-measured').textContent()).toMatch(/measured \d/);
  }, 600_000);

  test('a clip that starts in the air: the take-off is marked not in the clip, the score says what it rests on, the checklist reads no take-off', async () => {
    const { page } = app;
    await plainBand(page);
    // The sample itself starts on the platform: nothing of this is said.
    expect(await page.getByTestId('stage-start-note').count()).toBe(0);
    expect(await page.getByTestId('checklist-value-take-off-height').textContent()).not.toMatch(/not measurable/);
    await loadClipFile(page, fixture(MID_FLIGHT_START.file));
    expect(await page.getByTestId('clip-name').textContent()).toBe(MID_FLIGHT_START.file);
    await waitForScore(page);
    expect(await page.getByTestId('stage-start-note').textContent()).toContain('The clip starts in the air: its take-off is not in the clip. The score rests on the flight and entry.');
    expect(await page.getByTestId('stage-take-off').getAttribute('data-not-in-clip')).toBe('true');
    expect(await page.getByTestId('stage-take-off').textContent()).toContain('(not in the clip)');
    expect(await page.getByTestId('confidence-reasons').textContent()).toContain('the clip starts in the air: the take-off is not in it, so the score rests on the flight and the entry');
    for (const id of ['take-off-height', 'board-distance', 'somersaults']) {
      expect(await page.getByTestId(`checklist-value-${id}`).textContent(), id).toMatch(/not measurable/);
      expect(await page.getByTestId(`checklist-item-${id}`).textContent(), id).toContain('the take-off is not in it');
    }
    expect(await page.getByTestId('checklist-value-entry-angle').textContent()).not.toMatch(/not measurable/);
    // The kinematics table gives no take-off height from the skeleton alone either: there is no take-off to rise from.
    const height = page.getByTestId('kinematics-figure-take-off-height-query');
    expect(await height.textContent()).toMatch(/^not measurable/);
    expect(await height.getAttribute('title')).toContain('the take-off is not in it');
  }, 600_000);

  test('a slow-motion replay after the dive: marked on the timeline, left out of the stages, the score and the checklist', async () => {
    const { page } = app;
    const reference = await plainBand(page);
    // The sample's own stages, from the sample itself (plainBand keeps only its band, and the page may hold another clip).
    await loadSampleAndScore(page, 'sim-407C-10m');
    const sample = await snapshot(page);
    await loadClipFile(page, fixture(SLOW_MOTION_REPLAY.file));
    expect(await page.getByTestId('clip-name').textContent()).toBe(SLOW_MOTION_REPLAY.file);
    const score = await waitForScore(page);
    const replay = page.getByTestId('stage-replay');
    const start = Number(await replay.getAttribute('data-start'));
    expect(Math.abs(start - SLOW_MOTION_REPLAY.live)).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('stage-replay-note').textContent()).toMatch(/slow-motion replay \(about (1\.[89]|2\.[0-2])× slower than real time/);
    // The entry ends where the replay begins, and the stages are the dive's own.
    expect(Number(await page.getByTestId('stage-entry').getAttribute('data-end'))).toBe(start - 1);
    const withReplay = await snapshot(page);
    console.log(`slow-motion replay: scored ${score.toFixed(2)}, stages ${JSON.stringify(withReplay.transitions)}, replay from frame ${start}; the sample as given ${reference.predictedScore.toFixed(2)} (${reference.low.toFixed(2)}–${reference.high.toFixed(2)}), stages ${JSON.stringify(sample.transitions)}`);
    expect(Math.abs((withReplay.transitions?.entryStart ?? 0) - (sample.transitions?.entryStart ?? 0))).toBeLessThanOrEqual(3);
    expect(Math.abs((withReplay.transitions?.takeOffEnd ?? 0) - (sample.transitions?.takeOffEnd ?? 0))).toBeLessThanOrEqual(3);
    expect(score).toBeGreaterThanOrEqual(reference.low);
    expect(score).toBeLessThanOrEqual(reference.high);
    // The checklist's frames lie before the replay.
    for (const fault of withReplay.executionFaults ?? []) for (const f of fault.frames) expect(f, fault.id).toBeLessThan(start);
    // Clicking the replay jumps there.
    await replay.click();
    expect(await waitForSettledFrame(page)).toBe(start);
  }, 600_000);

  test('a cut to an underwater camera after the entry: marked on the timeline, left out of the stages, the score and the checklist', async () => {
    const { page } = app;
    const reference = await plainBand(page);
    await loadSampleAndScore(page, 'sim-407C-10m');
    const sample = await snapshot(page);
    // The sample's own dive rendered again with the cut (the fixture is made once, in the global setup).
    const underwater = ensureUnderwaterSample(inject('fixtureDir'));
    await loadClipFile(page, underwater.path);
    const score = await waitForScore(page);
    const leftOut = page.getByTestId('stage-replay');
    expect(await leftOut.textContent()).toBe('under water (left out)');
    const start = Number(await leftOut.getAttribute('data-start'));
    expect(Math.abs(start - underwater.underwaterStart)).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('stage-replay-note').textContent()).toMatch(/are an underwater view \(the diver slowed by the water after the entry\): the stages, the score and the checklist come from the frames before it/);
    const withCut = await snapshot(page);
    console.log(`underwater view: scored ${score.toFixed(2)}, stages ${JSON.stringify(withCut.transitions)}, left out from frame ${start} (cut at ${underwater.underwaterStart}); the sample ${reference.predictedScore.toFixed(2)} (${reference.low.toFixed(2)}–${reference.high.toFixed(2)}), stages ${JSON.stringify(sample.transitions)}`);
    expect(Math.abs((withCut.transitions?.entryStart ?? 0) - (sample.transitions?.entryStart ?? 0))).toBeLessThanOrEqual(3);
    expect(Math.abs((withCut.transitions?.takeOffEnd ?? 0) - (sample.transitions?.takeOffEnd ?? 0))).toBeLessThanOrEqual(3);
    for (const fault of withCut.executionFaults ?? []) for (const f of fault.frames) expect(f, fault.id).toBeLessThan(start);
    // The view above the water ends a few frames after the contact: part of a splash is not read as a small one,
    // and the award takes the splash at its typical deduction instead of the one the whole clip shows.
    expect(await page.getByTestId('checklist-item-splash').textContent()).toContain('before the splash settles');
    expect(await page.getByTestId('checklist-deduction-splash').textContent()).toMatch(/typical$/);
    const hidden = withCut.executionFaults?.find((f) => f.id === 'splash');
    expect(hidden?.assumed).toBeGreaterThan(0);
    // Every other item reads as on the whole clip: the frames before the cut are the same dive's.
    for (const fault of withCut.executionFaults ?? []) {
      if (fault.id === 'splash') continue;
      const own = sample.executionFaults?.find((f) => f.id === fault.id);
      expect(Math.abs((fault.deduction ?? 0) - (own?.deduction ?? 0)), fault.id).toBeLessThanOrEqual(0.1);
      expect(fault.assumed, fault.id).toBe(own?.assumed ?? null);
    }
    const modelAlone = (s: AnalysisSnapshot) => (s.summary as { modelScore: number }).modelScore;
    console.log(`underwater view: the model alone ${modelAlone(withCut).toFixed(2)} against the whole clip's ${modelAlone(sample).toFixed(2)}; the award from faults ${withCut.awardFromFaults} against ${sample.awardFromFaults} (the splash taken at ${hidden?.assumed ?? '?'})`);
    // The dive's official score (its simulated panel's): within ±5 points, as a bundled sample's must be.
    console.log(`underwater view: official score ${underwater.officialScore}`);
    expect(Math.abs(score - underwater.officialScore)).toBeLessThanOrEqual(5);
  }, 600_000);

  test('a replay at real speed after the dive (the take-off shown again): left out of the stages, the score and the checklist', async () => {
    const { page } = app;
    await loadSampleAndScore(page, 'sim-407C-10m');
    const sample = await snapshot(page);
    await loadClipFile(page, fixture(REAL_SPEED_REPLAY.file));
    const score = await waitForScore(page);
    const replay = page.getByTestId('stage-replay');
    const start = Number(await replay.getAttribute('data-start'));
    expect(Math.abs(start - REAL_SPEED_REPLAY.live)).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('stage-replay-note').textContent()).toMatch(/a replay at about real speed \(the take-off shown again\)/);
    const withReplay = await snapshot(page);
    console.log(`real-speed replay: scored ${score.toFixed(2)}, stages ${JSON.stringify(withReplay.transitions)}, replay from frame ${start} read ${withReplay.timeScale?.replay?.slowdown.toFixed(2)}× slower; the sample ${(sample.summary as { predictedScore: number } | null)?.predictedScore.toFixed(2)}, stages ${JSON.stringify(sample.transitions)}`);
    expect(Math.abs((withReplay.transitions?.entryStart ?? 0) - (sample.transitions?.entryStart ?? 0))).toBeLessThanOrEqual(3);
    expect(Math.abs((withReplay.transitions?.takeOffEnd ?? 0) - (sample.transitions?.takeOffEnd ?? 0))).toBeLessThanOrEqual(3);
    for (const fault of withReplay.executionFaults ?? []) for (const f of fault.frames) expect(f, fault.id).toBeLessThan(start);
  }, 600_000);

  test('a slow-motion replay saved on its own: read at its real time, and the score says so', async () => {
    const { page } = app;
    await loadSampleAndScore(page, 'sim-407C-10m');
    const sample = await snapshot(page);
    await loadClipFile(page, fixture(SLOW_MOTION_REPLAY.part));
    await waitForScore(page);
    const slow = await snapshot(page);
    // Nothing is left out: the whole clip is the dive, about twice slower than real time.
    expect(await page.getByTestId('stage-replay').count()).toBe(0);
    expect(slow.timeScale?.replay).toBeNull();
    expect(slow.timeScale?.slowdown).toBeGreaterThanOrEqual(1.8);
    expect(slow.timeScale?.slowdown).toBeLessThanOrEqual(2.2);
    expect((await page.getByTestId('confidence-reasons').allTextContents()).join(' ')).toMatch(/plays about (1\.[89]|2\.[0-2])× slower than real time \(a slow-motion replay\?\): its timings were read at that rate/);
    // Read at its real time, the checklist's timings are the dive's: the height at the opening
    // (reckoned from the fall's time) as on the sample, not the clip's clock's.
    const value = (snap: AnalysisSnapshot, id: string) => snap.executionFaults?.find((f) => f.id === id)?.value ?? null;
    console.log(`slow-motion replay alone: time scale ${slow.timeScale?.slowdown?.toFixed(2)}; checklist ${(slow.executionFaults ?? []).map((f) => `${f.id} ${f.value === null ? 'n/a' : f.value.toFixed(2)}`).join(', ')}; the sample's ${(sample.executionFaults ?? []).map((f) => `${f.id} ${f.value === null ? 'n/a' : f.value.toFixed(2)}`).join(', ')}`);
    for (const [id, within] of [['opening-height', 1], ['take-off-height', 0.15]] as const) {
      expect(value(slow, id), id).not.toBeNull();
      expect(Math.abs((value(slow, id) ?? 0) - (value(sample, id) ?? 0)), id).toBeLessThanOrEqual(within);
    }
  }, 600_000);
});
