/**
 * CI smoke test of the whole path: simulate a few dives → train a tiny model for a few steps →
 * export a pack → validate it, score it through onnxruntime, check trained-weight parity with
 * tfjs (node and web runtimes) and that tampering is caught. About a minute.
 */
import { sceneTrackChannels } from '@divejudge/core';
import type { SceneTrackNormalisation } from '@divejudge/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRunConfig } from '../model/config.ts';
import type { RunConfig } from '../model/config.ts';
import { loadTf } from '../model/tfBackend.ts';
import type { Tf } from '../model/tfBackend.ts';
import { loadCheckpoint } from '../train/checkpoint.ts';
import { datasetOptions, loadDataset } from '../train/data.ts';
import { drawNoisyJoints, noiseSourceOf } from '../train/poseNoise.ts';
import type { NoiseTruth } from '../train/poseNoise.ts';
import { openFineDiving } from '../data/fineDiving.ts';
import { loadPoseErrorStats } from '../sim/noise.ts';
import { train } from '../train/trainer.ts';
import { PackRunner } from './packRunner.ts';
import { writePack } from './packWriter.ts';
import { trainedParity } from './trainedParity.ts';

const trainingDir = resolve(new URL('..', import.meta.url).pathname);
let work: string;
let tf: Tf;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'divejudge-smoke-'));
  const sim = spawnSync('npx', ['tsx', 'sim/cli.ts', '--count', '14', '--out', join(work, 'data'), '--seed', '5', '--size', '160x90', '--workers', '1'], { cwd: trainingDir, encoding: 'utf8' });
  if (sim.status !== 0) throw new Error(`simulator failed: ${sim.stderr.slice(-2000)}`);
  tf = await loadTf('wasm');
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function tinyConfig(branches: RunConfig['model']['branches'], id: string, splash: RunConfig['train']['splash'], gate: RunConfig['model']['segmentation']['gate'], poseNoise: RunConfig['train']['poseNoise'], sceneTrackNormalisation: SceneTrackNormalisation): RunConfig {
  const base = validateRunConfig(JSON.parse(readFileSync(join(trainingDir, 'configs', 'tiny-full.json'), 'utf8')));
  return {
    ...base,
    name: id,
    data: join(work, 'data'),
    model: { ...base.model, branches, segmentation: { ...base.model.segmentation, gate }, sceneTrackNormalisation },
    train: { ...base.train, epochs: 1, batchSize: 2, voteN: 3, splash, poseNoise },
    pack: { ...base.pack, id, exemplarsPerDive: 2 },
  };
}

describe('fresh pose noise', () => {
  it('rebuilt from the written files, the noise model reproduces the written draw', () => {
    const dataset = openFineDiving(join(work, 'data'));
    const stats = loadPoseErrorStats().stats;
    let close = 0, total = 0;
    for (const record of dataset.train.slice(0, 4)) {
      const pose = dataset.readPose(record);
      const truth = dataset.readTruth(record) as NoiseTruth & { seed: string; runIndex: number };
      if (!pose) throw new Error('no pose file');
      const source = noiseSourceOf(pose, truth);
      if (!source) throw new Error('no noise source');
      const drawn = drawNoisyJoints(source, stats, `${truth.seed}/${truth.runIndex}/noise`);
      pose.noisy.joints.forEach((written, f) => {
        for (let j = 0; j < 16; j++) {
          total++;
          const d = Math.hypot((drawn[f]?.[j * 3] ?? 0) - (written[j * 3] ?? 0), (drawn[f]?.[j * 3 + 1] ?? 0) - (written[j * 3 + 1] ?? 0));
          if (d < 0.25 && Math.abs((drawn[f]?.[j * 3 + 2] ?? 0) - (written[j * 3 + 2] ?? 0)) < 0.01) close++;
        }
      });
      // Another key draws different poses.
      const other = drawNoisyJoints(source, stats, 'another draw');
      expect(other.some((frame, f) => Math.abs((frame[0] ?? 0) - (pose.noisy.joints[f]?.[0] ?? 0)) > 0.5)).toBe(true);
    }
    // The files round to 0.01 px and 0.001 of blur: a rare decision flips, nothing else.
    expect(close / total).toBeGreaterThan(0.98);
  });
});

describe('take-off geometry measured on the app\'s poses', () => {
  it('train.takeOffPoses "app": raw poses in, scene-track/2 rise and clearance from the post-processed draw (as the browser measures them)', async () => {
    const base = tinyConfig({ dve: false, sve: false, hse: true, splashInput: true, sceneTrack: true }, 'smoke-takeoff', 'simulated', 'sigmoid', 'file', 'scene-track/2');
    const load = (train: Partial<RunConfig['train']>) => loadDataset(base.data, { ...datasetOptions({ ...base, train: { ...base.train, ...train } }, join(work, 'crops')), splits: ['test'] });
    const input = await load({ posePostprocess: 'none', takeOffPoses: 'input' });
    const app = await load({ posePostprocess: 'none', takeOffPoses: 'app' });
    const processed = await load({ posePostprocess: 'app', takeOffPoses: 'input' });
    const C = sceneTrackChannels('scene-track/2');
    const geometry = (track: Float32Array | null) => [track?.[5], track?.[6]];
    let changed = 0;
    app.test.forEach((clip, i) => {
      const raw = input.test[i] as (typeof input.test)[number], post = processed.test[i] as (typeof processed.test)[number];
      // The model's pose input and the placement channels stay those of the raw draw ...
      expect(Array.from(clip.poses)).toEqual(Array.from(raw.poses));
      for (let t = 0; t < clip.frameIndices.length; t++) for (let c = 0; c < 5; c++) expect(clip.sceneTrack?.[t * C + c]).toBe(raw.sceneTrack?.[t * C + c]);
      // ... the take-off geometry is the post-processed poses' one.
      expect(geometry(clip.sceneTrack)).toEqual(geometry(post.sceneTrack));
      if (geometry(clip.sceneTrack).some((v, k) => v !== geometry(raw.sceneTrack)[k])) changed++;
    });
    expect(changed).toBeGreaterThan(0);
  }, 60_000);
});

describe('train → export → pack (smoke)', () => {
  for (const [label, branches, splash, gate, poseNoise, sceneTrackNormalisation] of [
    ['pose + splash measured from the frames + scene track with take-off geometry, sigmoid GRU, fresh pose noise (the default pack shape)', { dve: false, sve: false, hse: true, splashInput: true, sceneTrack: true }, 'measured', 'sigmoid', 'resampled', 'scene-track/2'],
    ['all branches on rendered frames, fresh pose noise on the written crops, hard-sigmoid GRU (packs before 1.1)', { dve: true, sve: true, hse: true, splashInput: false, sceneTrack: false }, 'simulated', 'hard-sigmoid', 'resampled', 'scene-track/1'],
  ] as const) {
    it(label, async () => {
      const id = `smoke-${branches.dve ? 'full' : 'pose'}`;
      const config = tinyConfig(branches, id, splash, gate, poseNoise, sceneTrackNormalisation);
      const data = await loadDataset(config.data, datasetOptions(config, join(work, 'crops')));
      expect(data.train.length).toBeGreaterThan(4);
      // An evaluation loads the test split alone, and gets the same clips.
      const testOnly = await loadDataset(config.data, { ...datasetOptions(config, join(work, 'crops')), splits: ['test'] });
      expect(testOnly.train).toHaveLength(0);
      expect(testOnly.test.map((c) => c.id)).toEqual(data.test.map((c) => c.id));
      expect(Array.from(testOnly.test[0]?.poses ?? [])).toEqual(Array.from(data.test[0]?.poses ?? []));
      const clips = [...data.train, ...data.test];
      // Every clip has a splash after its entry and none before it, whichever way it was obtained.
      for (const clip of clips) {
        const entryT = clip.boundaries[1];
        expect(clip.splash.slice(0, Math.max(0, entryT - 1)).every((a) => a === 0)).toBe(true);
      }
      expect(clips.filter((c) => c.splashScore > 0).length).toBeGreaterThan(clips.length / 2);
      // The scene track (when the model takes it): the diver travels away from the board and drops to the water.
      for (const clip of clips) {
        expect(clip.sceneTrack === null).toBe(!branches.sceneTrack);
        if (!clip.sceneTrack) continue;
        const T = clip.frameIndices.length, C = sceneTrackChannels(sceneTrackNormalisation);
        expect(clip.sceneTrack.length).toBe(T * C);
        const last = (T - 1) * C;
        expect(clip.sceneTrack[last]).toBeGreaterThanOrEqual(0);
        expect(clip.sceneTrack[last + 1]).toBeGreaterThan(0.5);
        expect(clip.sceneTrack[last + 3]).toBeGreaterThan(0.5);
        // scene-track/2: a measured rise (metres, take-off height of the centre of mass as the zero) and
        // a diver who came down past the board's edge, not a fallback.
        if (C === 7) {
          const rise = clip.sceneTrack[last + 5] as number, clearance = clip.sceneTrack[last + 6] as number;
          expect(rise).not.toBe(0);
          expect(Math.abs(rise)).toBeLessThan(3);
          expect(clearance).toBeGreaterThan(-0.5);
          expect(clearance).toBeLessThan(2);
        }
      }
      const runDir = join(work, 'runs', id);
      const written = (data.train[0] as (typeof data.train)[number]).poses.slice();
      const { session, report } = await train(tf, config, data, { runDir, resume: false, log: () => undefined, maxSteps: 3 });
      // Fresh noise: the training clips were fed another draw than the written one.
      expect(Array.from(data.train[0]?.poses ?? []).some((v, i) => Math.abs(v - (written[i] ?? 0)) > 1e-3)).toBe(poseNoise === 'resampled');
      session.dispose();
      expect(report.steps).toBe(3);
      expect(Number.isFinite(report.history[0]?.total)).toBe(true);

      const packDir = join(work, 'models', id);
      const checkpoint = loadCheckpoint(runDir);
      const { manifest, evaluation } = await writePack({ config, params: checkpoint.params, data, dataDescription: 'smoke test dives', training: null, evalClips: 0 }, packDir);
      expect(manifest.metrics[0]?.clips).toBe(data.test.length);
      expect(Number.isFinite(evaluation.metrics.aiou50)).toBe(true);

      const parity = await trainedParity(tf, config, checkpoint.params, packDir, data.test.slice(0, 2), data.train);
      expect(parity.node).toBeLessThanOrEqual(1e-4);
      expect(parity.web).toBeLessThanOrEqual(1e-4);

      const runner = await PackRunner.open(packDir);
      const clip = data.test[0];
      if (!clip) throw new Error('no test clip');
      expect(runner.manifest.inputs.frames).toBe(config.model.frames);
      expect(runner.manifest.inputs.sceneTrack?.normalisation).toBe(branches.sceneTrack ? sceneTrackNormalisation : undefined);
      // The GRU's gates as trained: sigmoid graphs run on onnxruntime-web's WebGPU GRU.
      const encoder = readFileSync(join(packDir, 'encoder.onnx')).toString('latin1');
      expect(encoder.includes('HardSigmoid')).toBe(gate === 'hard-sigmoid');
      await runner.release();

      const bank = join(packDir, 'exemplars.bin');
      const bytes = readFileSync(bank);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      writeFileSync(bank, bytes);
      await expect(PackRunner.open(packDir)).rejects.toThrow('exemplars.bin: sha256 mismatch');
    }, 180_000);
  }
});
