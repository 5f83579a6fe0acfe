/**
 * CI smoke test of the whole path: simulate a few dives → train a tiny model for a few steps →
 * export a pack → validate it, score it through onnxruntime, check trained-weight parity with
 * tfjs (node and web runtimes) and that tampering is caught. About a minute.
 */
import { SCENE_TRACK_CHANNELS } from '../../src/pipeline/aqa/sceneTrack.ts';
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

function tinyConfig(branches: RunConfig['model']['branches'], id: string, splash: RunConfig['train']['splash'], gate: RunConfig['model']['segmentation']['gate']): RunConfig {
  const base = validateRunConfig(JSON.parse(readFileSync(join(trainingDir, 'configs', 'tiny-full.json'), 'utf8')));
  return {
    ...base,
    name: id,
    data: join(work, 'data'),
    model: { ...base.model, branches, segmentation: { ...base.model.segmentation, gate } },
    train: { ...base.train, epochs: 1, batchSize: 2, voteN: 3, splash },
    pack: { ...base.pack, id, exemplarsPerDive: 2 },
  };
}

describe('train → export → pack (smoke)', () => {
  for (const [label, branches, splash, gate] of [
    ['pose + splash measured from the frames, sigmoid GRU (the default pack shape)', { dve: false, sve: false, hse: true, splashInput: true, sceneTrack: false }, 'measured', 'sigmoid'],
    ['all branches + scene track on rendered frames, hard-sigmoid GRU (packs before 1.1)', { dve: true, sve: true, hse: true, splashInput: false, sceneTrack: true }, 'simulated', 'hard-sigmoid'],
  ] as const) {
    it(label, async () => {
      const id = `smoke-${branches.dve ? 'full' : 'pose'}`;
      const config = tinyConfig(branches, id, splash, gate);
      const data = await loadDataset(config.data, datasetOptions(config, join(work, 'crops')));
      expect(data.train.length).toBeGreaterThan(4);
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
        const T = clip.frameIndices.length;
        const last = (T - 1) * SCENE_TRACK_CHANNELS;
        expect(clip.sceneTrack[last]).toBeGreaterThanOrEqual(0);
        expect(clip.sceneTrack[last + 1]).toBeGreaterThan(0.5);
        expect(clip.sceneTrack[last + 3]).toBeGreaterThan(0.5);
      }
      const runDir = join(work, 'runs', id);
      const { session, report } = await train(tf, config, data, { runDir, resume: false, log: () => undefined, maxSteps: 3 });
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
      expect(runner.manifest.inputs.sceneTrack?.normalisation).toBe(branches.sceneTrack ? 'scene-track/1' : undefined);
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
