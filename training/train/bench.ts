/**
 * npx tsx train/bench.ts CONFIG [pairs-per-step] [steps]: training throughput of a config on
 * synthetic clips (no dataset needed), for sizing configs on this machine.
 */
import { sceneTrackChannels } from '@divejudge/core';
import type { SceneTrackNormalisation } from '@divejudge/core';
import { readRunConfig, usesPixels } from '../model/config.ts';
import { SeededRandom } from '../model/init.ts';
import { loadTf } from '../model/tfBackend.ts';
import type { Clip, Pair } from './data.ts';
import { Adam } from './optimizer.ts';
import { ModelSession } from './session.ts';

export function syntheticClip(id: number, frames: number, crop: number, pixels: boolean, random: SeededRandom, sceneTrack: SceneTrackNormalisation = 'scene-track/1'): Clip {
  const quarter = Math.max(1, Math.floor(frames / 4));
  const b1 = 1 + random.int(quarter), b2 = frames - 1 - random.int(quarter);
  return {
    id: `synthetic/${id}`, split: 'train', record: {} as Clip['record'], diveNumber: '107B', height: 3, dd: 3.1, awards: [], officialScore: 60, awardSum: 20 + random.next() * 5,
    trueAwardSum: null, boardDeductions: null, frameCount: frames * 3, frameIndices: Array.from({ length: frames }, (_, i) => i * 3), transitions: { takeOffEnd: b1 * 3 - 1, entryStart: b2 * 3 },
    boundaries: [b1, b2], boxes: [], poses: Float32Array.from({ length: frames * 48 }, () => random.next() * 2 - 1),
    splash: Float32Array.from({ length: frames }, (_, t) => (t > b2 ? random.next() * 0.3 : 0)), splashScore: random.next() * 0.2,
    sceneTrack: Float32Array.from({ length: frames * sceneTrackChannels(sceneTrack) }, () => random.next() * 2 - 1),
    pixels: pixels ? Uint8Array.from({ length: frames * crop * crop * 3 }, () => random.int(256)) : null,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

async function main(): Promise<void> {
  const [configPath, pairsArg, stepsArg] = process.argv.slice(2);
  if (!configPath) throw new Error('usage: tsx train/bench.ts CONFIG [pairs] [steps]');
  const config = readRunConfig(configPath);
  const pairsPerStep = Number(pairsArg ?? config.train.batchSize), steps = Number(stepsArg ?? 3);
  const tf = await loadTf('wasm');
  const random = new SeededRandom(1);
  const clips = Array.from({ length: 2 * pairsPerStep }, (_, i) => syntheticClip(i, config.model.frames, config.model.crop, usesPixels(config.model), random, config.model.sceneTrackNormalisation));
  const session = new ModelSession(tf, config);
  session.build(clips[0] as Clip);
  const optimizer = new Adam(tf, { learningRate: 1e-4, finalLearningRate: 1e-5, warmupSteps: 1, totalSteps: 100, clipNorm: 5 });
  const pairs: Pair[] = Array.from({ length: pairsPerStep }, (_, i) => ({ query: clips[2 * i] as Clip, exemplar: clips[2 * i + 1] as Clip, mirrorQuery: false, mirrorExemplar: true }));
  session.trainStep(pairs, optimizer);
  const started = performance.now();
  for (let s = 0; s < steps; s++) session.trainStep(pairs, optimizer);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${config.name}: ${session.params.count().toLocaleString('en')} parameters, ${((steps * pairsPerStep) / seconds).toFixed(2)} pairs/s (${(seconds / steps).toFixed(2)} s per step of ${pairsPerStep} pairs)\n`);
}
