/**
 * Writes a model pack: encoder.onnx + compare.onnx from a checkpoint, the exemplar bank (encoded
 * through the exported graphs themselves, so the bank is what the app would compute), the index,
 * metrics measured by running the finished pack on the test split, and the manifest with sha256s.
 */
import { buildExemplarBank, JOINT_COUNT, MANIFEST_FILE, MPII_JOINTS, PACK_SCHEMA, resampleMatrix, sceneTrackChannels, STAGE_NAMES, webCryptoSha256 } from '@divejudge/core';
import type { ExemplarRecord, MetricRecord, PackManifest, TrainingRecord } from '@divejudge/core';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../model/config.ts';
import { STAGES, frameFeatureLayout, hasFusedStream, usesPixels } from '../model/config.ts';
import { clipInputs, evaluatePack } from '../eval/packEval.ts';
import type { PackEvaluation } from '../eval/packEval.ts';
import { exemplarRecordOf } from '../eval/predict.ts';
import type { ParamMap } from '../train/checkpoint.ts';
import type { Clip, LoadedDataset } from '../train/data.ts';
import { groupByDive } from '../train/data.ts';
import { buildCompareGraph, buildEncoderGraph } from './graphs.ts';
import { PackRunner } from './packRunner.ts';
import { createSession } from './ort.ts';
import type { Feed } from './ort.ts';

export interface PackSource {
  config: RunConfig;
  params: ParamMap;
  data: LoadedDataset;
  /** e.g. "simulated dives (npm run sim -- --count 2400 --seed 7), noisy poses" */
  dataDescription: string;
  training: TrainingRecord | null;
  /** Clips of the test split to measure (0 = all). */
  evalClips: number;
}

function sceneTrackOf(clip: Clip): Float32Array {
  if (!clip.sceneTrack) throw new Error(`${clip.id}: no scene track loaded`);
  return clip.sceneTrack;
}

/** Up to `perDive` training clips per dive number, spread evenly over their scores. */
export function chooseExemplars(train: readonly Clip[], perDive: number): Clip[] {
  const out: Clip[] = [];
  for (const [, clips] of [...groupByDive(train)].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...clips].sort((a, b) => a.awardSum - b.awardSum || a.id.localeCompare(b.id));
    if (sorted.length <= perDive) out.push(...sorted);
    else for (let k = 0; k < perDive; k++) out.push(sorted[Math.floor(((k + 0.5) * sorted.length) / perDive)] as Clip);
  }
  return out;
}

/**
 * The bank's skeletons: each exemplar's T model-input poses (x, y of the 16 joints, crop-centred)
 * as int16 thousandths, exemplar after exemplar ([exemplars, T, 16, 2]), which the comparison view
 * draws. Until 2026-12-06 every exemplar was written over the first one's place, so the packs
 * exported before then carry one exemplar's skeleton and zeros for the rest.
 */
export function bankPoses(clipPoses: ReadonlyArray<ArrayLike<number>>, T: number): Int16Array {
  const per = T * JOINT_COUNT * 2;
  const out = new Int16Array(clipPoses.length * per);
  const quantise = (v: number) => Math.max(-32767, Math.min(32767, Math.round(v * 1000)));
  clipPoses.forEach((poses, i) => {
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < JOINT_COUNT; j++) {
        const from = (t * JOINT_COUNT + j) * 3, to = i * per + (t * JOINT_COUNT + j) * 2;
        out[to] = quantise(poses[from] ?? 0);
        out[to + 1] = quantise(poses[from + 1] ?? 0);
      }
    }
  });
  return out;
}

export async function writePack(source: PackSource, outDir: string): Promise<{ manifest: PackManifest; evaluation: PackEvaluation }> {
  const { config, params } = source;
  const model = config.model;
  const encoder = buildEncoderGraph(model, params);
  const comparison = buildCompareGraph(model, params);
  const used = new Set([...encoder.usedParameters, ...comparison.usedParameters]);
  const unused = [...params.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`export: parameters not in any graph: ${unused.join(', ')}`);

  // The bank: each exemplar's stage features from the exported graphs (annotated boundaries).
  const exemplarClips = chooseExemplars(source.data.train, config.pack.exemplarsPerDive);
  const T = model.frames, L = model.stageLength, D = model.featureSize, KL = STAGES * L;
  const encoderSession = await createSession(encoder.bytes, 'node');
  const compareSession = await createSession(comparison.bytes, 'node');
  const fused = hasFusedStream(model) ? new Float32Array(exemplarClips.length * KL * D) : null;
  const stat = model.branches.sve ? new Float32Array(exemplarClips.length * KL * D) : null;
  const poses = bankPoses(exemplarClips.map((c) => c.poses), T);
  const crop = usesPixels(model) ? model.crop : null;
  for (let i = 0; i < exemplarClips.length; i++) {
    const clip = exemplarClips[i] as Clip;
    const inputs = clipInputs(clip, crop);
    const feed: Feed = {};
    if (model.branches.hse) feed.poses = { data: clip.poses, dims: [1, T, JOINT_COUNT, 3] };
    if (inputs.frames) feed.frames = { data: inputs.frames, dims: [1, T, model.crop, model.crop, 3] };
    if (model.branches.splashInput) feed.splash = { data: clip.splash, dims: [1, T] };
    if (model.branches.sceneTrack) feed.scene_track = { data: sceneTrackOf(clip), dims: [1, T, sceneTrackChannels(model.sceneTrackNormalisation)] };
    const encoded = await encoderSession.run(feed);
    const features = (encoded.frame_features as { data: Float32Array }).data;
    const compareFeed: Feed = {
      query_features: { data: features, dims: [1, T, frameFeatureLayout(model).total] },
      query_resample: { data: resampleMatrix(clip.boundaries, T, L), dims: [1, KL, T] },
    };
    if (fused) compareFeed.exemplar_fused = { data: new Float32Array(KL * D), dims: [1, KL, D] };
    if (stat) compareFeed.exemplar_static = { data: new Float32Array(KL * D), dims: [1, KL, D] };
    const out = await compareSession.run(compareFeed);
    if (fused) fused.set((out.query_fused as { data: Float32Array }).data, i * KL * D);
    if (stat) stat.set((out.query_static as { data: Float32Array }).data, i * KL * D);
  }
  await encoderSession.release();
  await compareSession.release();
  const blocks: Parameters<typeof buildExemplarBank>[0] = [];
  if (fused) blocks.push({ name: 'fused', shape: [exemplarClips.length, KL, D], data: fused });
  if (stat) blocks.push({ name: 'static', shape: [exemplarClips.length, KL, D], data: stat });
  blocks.push({ name: 'poses', shape: [exemplarClips.length, T, JOINT_COUNT, 2], data: poses });
  const bank = buildExemplarBank(blocks);
  const index: ExemplarRecord[] = exemplarClips.map((c) => exemplarRecordOf(c, `${source.config.data.replace(/^.*\//, '')}/${c.id}`));

  const files: Record<string, Uint8Array> = {
    'encoder.onnx': encoder.bytes,
    'compare.onnx': comparison.bytes,
    'exemplars.json': new TextEncoder().encode(`${JSON.stringify(index)}\n`),
    'exemplars.bin': bank.bytes,
  };
  const fileEntries: PackManifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) fileEntries[name] = { sha256: await webCryptoSha256(bytes), bytes: bytes.byteLength };
  const simulated = source.data.train.some((c) => c.trueAwardSum !== null);
  const manifest: PackManifest = {
    schema: PACK_SCHEMA,
    id: config.pack.id,
    name: config.pack.name,
    version: config.pack.version,
    description: config.pack.description,
    createdAt: new Date().toISOString(),
    trainedOn: {
      kind: simulated ? 'simulated' : 'dataset',
      name: simulated ? 'divejudge-sim' : 'FineDiving',
      description: source.dataDescription,
      trainClips: source.data.train.length,
      testClips: source.data.test.length,
      poseSource: config.train.poses === 'app' ? "the app's pose stage on the rendered MP4s" : config.train.poses === 'noisy' ? (simulated ? 'simulator noise model (browser pose backend errors)' : 'extracted poses') : 'ground-truth joints',
    },
    model: {
      architecture: 'HP-MCoRe',
      branches: { ...model.branches },
      stages: [...STAGE_NAMES],
      stageLength: L,
      featureSize: D,
      frameFeatureSize: frameFeatureLayout(model).total,
      parameters: [...params.values()].reduce((s, p) => s + p.values.length, 0),
      config: { ...config } as unknown as Record<string, unknown>,
    },
    inputs: {
      frames: T,
      sampling: 'uniform',
      crop: usesPixels(model) ? { size: model.crop, layout: 'NDHWC', channels: 'rgb', range: [0, 1], box: 'pose-square' } : null,
      joints: model.branches.hse ? { set: 'mpii16', order: [...MPII_JOINTS], normalisation: 'crop-centred', channels: ['x', 'y', 'confidence'] } : null,
      splash: model.branches.splashInput ? { unit: 'diver-box-area' } : null,
      ...(model.branches.sceneTrack ? { sceneTrack: { normalisation: model.sceneTrackNormalisation } } : {}),
    },
    graphs: { encoder: encoder.spec, compare: comparison.spec },
    outputs: {
      relativeScore: 'relative_score[i]: predicted award sum (official score ÷ DD) minus exemplar i\'s award sum; stage_scores[i] splits it over take-off, flight, entry',
      officialScore: 'vote (eq. 28): mean over exemplars of (exemplar awardSum + relative_score) × the dive\'s DD (src/pipeline/aqa/voting.ts vote)',
      splash: 'relative_splash[i]: splash score (eq. 21, diver-box-area seconds) minus exemplar i\'s splashScore',
    },
    exemplars: { index: 'exemplars.json', data: 'exemplars.bin', count: exemplarClips.length, blocks: bank.blocks },
    voting: { defaultN: config.train.voteN, rule: 'same-dive-number' },
    metrics: [],
    ...(source.training ? { training: source.training } : {}),
    files: fileEntries,
  };

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(outDir, name), bytes);
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

  // Measure the finished pack as the app would run it, and record that in the manifest.
  const runner = await PackRunner.open(outDir);
  const test = source.evalClips > 0 ? source.data.test.slice(0, source.evalClips) : source.data.test;
  const evaluation = await evaluatePack(runner, test, config.train.voteN, `measuring ${config.pack.id}`);
  await runner.release();
  const metric: MetricRecord = {
    split: 'test',
    data: `${source.dataDescription}; test split`,
    clips: evaluation.metrics.clips,
    voteN: config.train.voteN,
    srcc: round(evaluation.metrics.srcc),
    rl2x100: round(evaluation.metrics.rl2x100),
    aiou50: round(evaluation.metrics.aiou50),
    aiou75: round(evaluation.metrics.aiou75),
  };
  manifest.metrics = [metric];
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  if (readdirSync(outDir).length !== Object.keys(files).length + 1) throw new Error(`${outDir}: unexpected files`);
  return { manifest, evaluation };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
