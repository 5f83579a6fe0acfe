/**
 * Whole-model parity: the tfjs forward pass (encode → stage features → compare) against
 * encoder.onnx and compare.onnx in onnxruntime-node and onnxruntime-web, same inputs and weights.
 */
import { JOINT_COUNT, resampleMatrix, sceneTrackChannels } from '@divejudge/core';
import type { ModelConfig } from '../model/config.ts';
import { STAGES, hasFusedStream, usesPixels } from '../model/config.ts';
import { compare, encode, stageFeatures } from '../model/hpmcore.ts';
import { SeededRandom } from '../model/init.ts';
import type { Tf } from '../model/tfBackend.ts';
import { TfOps, TfParams } from '../model/tfOps.ts';
import { buildCompareGraph, buildEncoderGraph } from './graphs.ts';
import { createSession } from './ort.ts';
import type { Feed, Runtime } from './ort.ts';

export interface ModelParityReport {
  /** Largest |tfjs − runtime| per graph output. */
  errors: Record<Runtime, Record<string, number>>;
  maxAbs: number;
  /** Largest |value| per output (non-trivial outputs). */
  magnitudes: Record<string, number>;
  unusedParameters: string[];
  parameters: number;
  bytes: { encoder: number; compare: number };
}

type Tensor = ReturnType<Tf['tensor']>;

export async function modelParity(tf: Tf, model: ModelConfig, seed = 11, exemplars = 3): Promise<ModelParityReport> {
  const random = new SeededRandom(seed);
  const values = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * random.next());
  const T = model.frames, S = model.crop, KL = STAGES * model.stageLength, D = model.featureSize;
  const feed: Feed = {};
  if (model.branches.hse) feed.poses = { data: values(T * JOINT_COUNT * 3, -1.2, 1.2), dims: [1, T, JOINT_COUNT, 3] };
  if (usesPixels(model)) feed.frames = { data: values(T * S * S * 3, 0, 1), dims: [1, T, S, S, 3] };
  if (model.branches.splashInput) feed.splash = { data: values(T, 0, 0.5), dims: [1, T] };
  if (model.branches.sceneTrack) {
    const C = sceneTrackChannels(model.sceneTrackNormalisation);
    feed.scene_track = { data: values(T * C, -2, 2), dims: [1, T, C] };
  }
  const resample = resampleMatrix([Math.floor(T / 5), Math.floor((3 * T) / 4)], T, model.stageLength);
  const exFused = values(exemplars * KL * D, -2, 2), exStatic = values(exemplars * KL * D, -2, 2);

  const params = new TfParams(tf, seed);
  const ops = new TfOps(params);
  const forward = () => tf.tidy(() => {
    const t = (name: string) => (feed[name] ? tf.tensor(feed[name].data, feed[name].dims) : undefined);
    const enc = encode(ops, model, { poses: t('poses'), frames: t('frames'), splash: t('splash'), sceneTrack: t('scene_track') });
    const query = stageFeatures(ops, model, enc.frameFeatures, tf.tensor(resample, [1, KL, T]));
    const shape = [exemplars, STAGES, model.stageLength, D];
    const exemplar = { fused: hasFusedStream(model) ? tf.tensor(exFused, shape) : null, static: model.branches.sve ? tf.tensor(exStatic, shape) : null };
    const out = compare(ops, model, query, exemplar);
    const result: Record<string, Tensor> = {
      frame_features: enc.frameFeatures,
      transition_probs: ops.softmax(enc.transitionLogits, 1),
      relative_score: out.relativeScore,
      stage_scores: out.stageScores,
      relative_splash: out.relativeSplash,
    };
    if (query.fused) result.query_fused = query.fused;
    if (query.static) result.query_static = query.static;
    return result;
  });
  for (const t of Object.values(forward())) t.dispose();
  for (const v of params.variables.values()) v.assign(tf.add(v, tf.tensor(values(v.size, -0.1, 0.1), v.shape)));
  const tensors = forward();
  const expected: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(tensors)) {
    expected[k] = (await t.data()) as Float32Array;
    t.dispose();
  }
  const snapshot = await params.snapshot();
  const encoder = buildEncoderGraph(model, snapshot);
  const comparison = buildCompareGraph(model, snapshot);
  const used = new Set([...encoder.usedParameters, ...comparison.usedParameters]);
  const report: ModelParityReport = {
    errors: { node: {}, web: {} },
    maxAbs: 0,
    magnitudes: {},
    unusedParameters: [...snapshot.keys()].filter((k) => !used.has(k)),
    parameters: params.count(),
    bytes: { encoder: encoder.bytes.byteLength, compare: comparison.bytes.byteLength },
  };
  for (const [k, v] of Object.entries(expected)) report.magnitudes[k] = v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
  const compareFeed: Feed = {
    query_features: { data: expected.frame_features as Float32Array, dims: [1, T, (expected.frame_features as Float32Array).length / T] },
    query_resample: { data: resample, dims: [1, KL, T] },
  };
  if (hasFusedStream(model)) compareFeed.exemplar_fused = { data: exFused, dims: [exemplars, KL, D] };
  if (model.branches.sve) compareFeed.exemplar_static = { data: exStatic, dims: [exemplars, KL, D] };
  for (const runtime of ['node', 'web'] as const) {
    const outputs = { ...(await run(encoder.bytes, runtime, feed)), ...(await run(comparison.bytes, runtime, compareFeed)) };
    for (const [k, want] of Object.entries(expected)) {
      const got = outputs[k];
      if (!got || got.length !== want.length) throw new Error(`${runtime}: output ${k} has ${got?.length ?? 0} values, tfjs ${want.length}`);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
      report.errors[runtime][k] = worst;
      report.maxAbs = Math.max(report.maxAbs, worst);
    }
  }
  params.dispose();
  return report;
}

async function run(model: Uint8Array, runtime: Runtime, feed: Feed): Promise<Record<string, Float32Array>> {
  const session = await createSession(model, runtime);
  const out = await session.run(feed);
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data]));
}
