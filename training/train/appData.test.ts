/**
 * `train.poses: "app"`: the trainer must see a clip exactly as the app's encoder does. One rendered
 * MP4 (the bundled 407C sample) with a pose file in the app pose cache's format goes through the
 * trainer's loader and through the app's clip analysis (the code the scoring worker runs), and the
 * encoder inputs — crop-centred poses, scene track, splash — must be the same numbers.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseClip, boundariesToFrames, JOINT_COUNT } from '@divejudge/core';
import { appPosePath, readAppPoseFile, writeAppPoseFile } from '../../scripts/lib/appPoseCache.ts';
import { ffmpegPictures, openPackForAnalysis } from '../../scripts/lib/nodeAnalysis.ts';
import { loadDataset, modelInputPosesOf } from './data.ts';

const root = resolve(import.meta.dirname, '../..');
const sample = join(root, 'public/samples/sim-407C-10m.mp4');
const pack = join(root, 'models/hpmcore-pose-sim');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/** A standing figure drifting down the frame: 16 joints with confidences, and its box. */
function syntheticPose(frameCount: number, width: number, height: number): { joints: number[]; boxes: number[] } {
  const joints: number[] = [], boxes: number[] = [];
  for (let f = 0; f < frameCount; f++) {
    const cx = width * (0.45 + 0.1 * Math.sin(f / 9)), cy = height * (0.25 + (0.5 * f) / frameCount);
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const x = cx + 14 * Math.cos(j * 0.7 + f / 11), y = cy + 30 * ((j % 8) / 7 - 0.5) + 3 * Math.sin(f / 5 + j);
      joints.push(x, y, 0.5 + 0.5 * ((j * 7 + f) % 5) / 4);
      x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x); y2 = Math.max(y2, y);
    }
    boxes.push(x1 - 5, y1 - 5, x2 + 5, y2 + 5);
  }
  return { joints, boxes };
}

describe('training on what the app sees (train.poses "app")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divejudge-app-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasFfmpeg)('gives the encoder the same poses, scene track and splash as the app\'s clip analysis', async () => {
    let frameCount = 0;
    for await (const _ of ffmpegPictures(sample)({})) frameCount++;
    const { joints, boxes } = syntheticPose(frameCount, 640, 360);
    const posesDir = join(dir, 'poses-cache');
    const id = 'SimTest10m/1';
    const posePath = appPosePath(posesDir, 'test', 'synthetic', id);
    writeAppPoseFile(posePath, { config: 'synthetic', frameCount, width: 640, height: 360, fps: 25, joints, boxes, detected: Array(frameCount).fill(1) });
    const pose = readAppPoseFile(posePath);
    if (!pose) throw new Error('pose file not written');

    // The app: the whole clip analysis with the pack's encoder; its predicted entry is where it measures the splash.
    const scorer = await openPackForAnalysis(pack);
    const { clip: app } = await analyseClip(scorer, ffmpegPictures(sample), pose, { progress: () => undefined, isCancelled: () => false });
    const stages = boundariesToFrames(app.boundaries, app.frameIndices);

    // The trainer: a FineDiving-layout dataset whose annotation puts the entry where the app found it.
    const data = join(dir, 'data');
    mkdirSync(join(data, 'videos', 'SimTest10m'), { recursive: true });
    copyFileSync(sample, join(data, 'videos', 'SimTest10m', '1.mp4'));
    const record = { id, event: 'SimTest10m', index: 1, dive_number: '407C', dive_score: 65.6, difficulty: 3.2, judge_scores: [7, 6.5, 6.5, 6, 7, 7, 7], start_frame: 0, end_frame: frameCount - 1, steps_transit_frames: [stages.takeOffEnd, stages.entryStart - 1], frames_labels: Array(frameCount).fill(0) };
    writeFileSync(join(data, 'annotations.json'), JSON.stringify({ records: [record], sub_action_types: { '0': 'x' }, train: [id], test: [] }));
    const loaded = await loadDataset(data, { poses: 'app', appPoses: join(posesDir, 'test', 'synthetic'), splash: 'measured', frames: scorer.manifest.inputs.frames, crop: 64, pixels: false, sceneTrack: true, sceneTrackNormalisation: 'scene-track/2', limitClips: 0, cacheDir: join(dir, 'cache') });
    const clip = loaded.train[0];
    if (!clip?.sceneTrack) throw new Error('no clip loaded');

    expect(clip.frameIndices).toEqual(app.frameIndices);
    const largest = (a: Float32Array, b: Float32Array) => (a.length === b.length ? a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0) : Infinity);
    expect(largest(clip.poses, app.inputs.poses)).toBe(0);
    // A pack's exemplar skeletons are rebuilt from the same poses without decoding (export/bankPosesCli.ts).
    const bare = modelInputPosesOf(loaded.dataset, clip.record, { poses: 'app', appPoses: join(posesDir, 'test', 'synthetic'), frames: scorer.manifest.inputs.frames });
    expect(bare && largest(bare, clip.poses)).toBe(0);
    expect(largest(clip.sceneTrack, app.inputs.sceneTrack as Float32Array)).toBeLessThan(1e-6);
    expect(largest(clip.splash, app.inputs.splash)).toBeLessThan(1e-6);
    expect(app.inputs.splash.some((v) => v > 0) || app.splash?.reason).toBeTruthy();
  }, 120_000);
});
