/**
 * One pipeline, two hosts: a bundled sample scored by the app in Chromium (WebCodecs frames, the
 * scoring worker) and by Node (ffmpeg frames, scripts/lib/nodeAnalysis.ts) from the same pose
 * stage output must give the same model frames, stage transitions, exemplars and score. Evaluation
 * and training run the Node host, so this is what lets their figures stand for the app's.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { boundariesToFrames } from '../src/pipeline/aqa/stages.ts';
import { planPoseSegments } from '../src/pipeline/pose/segments.ts';
import type { ClipPoseInput } from '../src/pipeline/aqa/clipAnalysis.ts';
import type { AnalysisSnapshot, PoseSnapshot } from '../src/ui/automation.ts';
import { openPackForAnalysis, scoreClipInNode } from '../scripts/lib/nodeAnalysis.ts';
import { inject } from 'vitest';
import { SAMPLE_CUT, ensureSampleCut } from '../scripts/lib/fixtures.ts';
import { useAppSession } from './support/browser.ts';
import { loadSampleAndScore, waitForScore } from './support/analysis.ts';
import { loadClipFile } from './support/player.ts';

const root = join(import.meta.dirname, '..');
const app = useAppSession();

/**
 * The analysis on screen against Node's on the same clip file and the page's own poses: same model
 * frames, encoder inputs (scene track and splash included), stages, exemplars and score.
 */
async function expectNodeParity(clipPath: string, dive: { diveNumber: string; height: number; dd: number }): Promise<{ analysis: AnalysisSnapshot }> {
  const { page } = app;
  const { analysis, pose } = await page.evaluate(() => {
    const hook = (window as unknown as { divejudge: { analysis(): AnalysisSnapshot; pose(): PoseSnapshot } }).divejudge;
    return { analysis: hook.analysis(), pose: hook.pose() };
  });
  expect(pose.forClip).toBe(true);
  const input: ClipPoseInput = {
    frameCount: pose.frameCount,
    width: pose.width,
    height: pose.height,
    fps: pose.fps,
    joints: Float32Array.from(pose.joints),
    boxes: Float32Array.from(pose.boxes, (v) => (v === null ? Number.NaN : v)),
  };
  const browserScore = (analysis.summary as { predictedScore: number }).predictedScore;
  const exemplars = analysis.exemplars ?? [];
  const scorer = await openPackForAnalysis(join(root, 'models/hpmcore-pose-sim'));
  try {
    const node = await scoreClipInNode(scorer, clipPath, input, dive, exemplars.length);
    const browserInputs = analysis.inputs as NonNullable<AnalysisSnapshot['inputs']>;
    const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? Number.NaN))), 0);
    const diffs = { poses: maxDiff(node.clip.inputs.poses, browserInputs.poses), splash: maxDiff(node.clip.inputs.splash, browserInputs.splash), sceneTrack: maxDiff(node.clip.inputs.sceneTrack ?? [], browserInputs.sceneTrack ?? []) };
    console.log(`parity: browser ${browserScore.toFixed(6)}, node ${node.summary.predictedScore.toFixed(6)}; transitions ${JSON.stringify(analysis.modelTransitions)} / ${JSON.stringify(boundariesToFrames(node.clip.boundaries, node.clip.frameIndices))}; largest input differences ${JSON.stringify(diffs)}; frames decoded by the pose pass ${analysis.poseWorkers?.framesDecoded}`);
    expect(node.clip.frameIndices).toEqual(analysis.frameIndices);
    // The browser measured the splash on the frames its pose pass kept, Node decoded them: same numbers.
    expect((analysis.timings as { splashFramesDecoded?: number }).splashFramesDecoded).toBe(0);
    expect(node.clip.timings.splashFramesDecoded).toBeGreaterThan(0);
    // The inputs the encoder saw, scene track and splash included, are the same numbers.
    expect(diffs.poses).toBeLessThanOrEqual(1e-4);
    expect(diffs.splash).toBeLessThanOrEqual(1e-4);
    expect(diffs.sceneTrack).toBeLessThanOrEqual(1e-4);
    expect(boundariesToFrames(node.clip.boundaries, node.clip.frameIndices)).toEqual(analysis.modelTransitions);
    expect(node.score.exemplars).toEqual(exemplars);
    expect(Math.abs(node.summary.predictedScore - browserScore)).toBeLessThanOrEqual(1e-3);
  } finally {
    await scorer.release();
  }
  return { analysis };
}

describe('the clip analysis in the browser and in Node', () => {
  test('the 407C sample: same stages, exemplars and score within 1e-3', async () => {
    await loadSampleAndScore(app.page, 'sim-407C-10m');
    await expectNodeParity(join(root, 'public/samples/sim-407C-10m.mp4'), { diveNumber: '407C', height: 10, dd: 3.2 });
  }, 600_000);

  test('a clip with a key frame every second: one decode by the page feeds both pose workers, and a worker decoding its own half starts at the key frame before it; the frames are the ones Node decodes either way', async () => {
    const { page } = app;
    type Hook = { divejudge: { analysis(): AnalysisSnapshot; pose(): PoseSnapshot; setPoseWorkerLimit(n: number | null): void } };
    const clip = ensureSampleCut(inject('fixtureDir'));
    const run = async (workers: number | null) => {
      await page.reload();
      await page.evaluate((n) => (window as unknown as Hook).divejudge.setPoseWorkerLimit(n), workers);
      await loadClipFile(page, clip);
      await page.getByTestId('dive-height').selectOption(SAMPLE_CUT.height);
      await page.getByTestId('dive-code').fill(SAMPLE_CUT.diveNumber);
      await waitForScore(page);
      return page.evaluate(() => {
        const hook = (window as unknown as Hook).divejudge;
        const a = hook.analysis(), p = hook.pose();
        return { joints: p.joints, detected: p.detected, ran: a.poseWorkers, cores: a.hardwareConcurrency ?? 1 };
      });
    };
    // One worker: it runs the second half after the first and decodes it itself, from the key frame
    // before the half's lead-in (fewer frames than the first half plus the whole clip).
    const own = await run(1);
    const firstHalfFrames = (planPoseSegments(SAMPLE_CUT.frames, 25, false)[0]?.to ?? 0) + 1;
    expect(own.ran).toMatchObject({ workers: 1, segments: 2, fedByOneDecode: false });
    expect(own.ran?.framesDecoded).toBeLessThan(firstHalfFrames + SAMPLE_CUT.frames);
    // Two workers (where the machine has two cores): the page decodes each frame once and sends it to
    // the worker(s) running it. Same frames drawn, so the same poses as the worker's own decode.
    const fed = await run(null);
    if (fed.cores >= 2) {
      expect(fed.ran).toMatchObject({ workers: 2, segments: 2, fedByOneDecode: true });
      expect(fed.ran?.framesDecoded).toBe(SAMPLE_CUT.frames);
    }
    expect(fed.detected).toEqual(own.detected);
    expect(fed.joints).toEqual(own.joints);
    // The camera path and the splash come from the frames the workers drew: had a frame arrived
    // under the wrong index (a seek a frame off, a feed out of order), the scene track and the splash
    // would differ from Node's.
    await expectNodeParity(clip, { diveNumber: SAMPLE_CUT.diveNumber, height: 10, dd: 3.2 });
  }, 600_000);

  test('the pose pass gives the same poses and score on one pose worker as on two, whatever was analysed before', async () => {
    const { page } = app;
    type Hook = { divejudge: { analysis(): AnalysisSnapshot; pose(): PoseSnapshot; setPoseWorkerLimit(n: number | null): void } };
    const run = async (workers: number, before: string | null) => {
      await page.reload();
      await page.evaluate((n) => (window as unknown as Hook).divejudge.setPoseWorkerLimit(n), workers);
      if (before) await loadSampleAndScore(page, before);
      const score = await loadSampleAndScore(page, 'sim-407C-10m');
      return page.evaluate((s) => {
        const hook = (window as unknown as Hook).divejudge;
        const a = hook.analysis(), p = hook.pose();
        return { score: s, joints: p.joints, detected: p.detected, config: p.config, ran: a.poseWorkers, cores: a.hardwareConcurrency ?? 1 };
      }, score);
    };
    // One worker, after another clip (BlazePose's tracking state once leaked from one clip into the next).
    const one = await run(1, 'sim-107B-3m');
    const two = await run(2, null);
    expect(one.ran).toMatchObject({ workers: 1, segments: 2 });
    expect(two.ran).toMatchObject({ workers: Math.min(2, one.cores), segments: 2, fedByOneDecode: one.cores >= 2 });
    expect(one.ran).toMatchObject({ fedByOneDecode: false });
    expect(one.config).toMatch(/\+halves$/);
    expect(two.detected).toEqual(one.detected);
    expect(two.joints).toEqual(one.joints);
    expect(two.score).toBe(one.score);
    // The work done is the same too (what bench:score prints to say what a change to the search saves).
    expect(two.ran?.modelRuns).toEqual(one.ran?.modelRuns);
    expect(one.ran?.modelRuns.follow).toBeGreaterThan(0);
  }, 600_000);
});
