/**
 * HP-MCoRe, generic over `Ops`, in the three pieces the app runs:
 *
 *   encode()         per clip: the branch encoders → per-frame features [B, T, F] (F = dy | sk |
 *                    splash | st) and the procedure segmentation (Bi-GRU + FC, softmax over time,
 *                    eq. 6) → transition logits [B, T, 2].
 *   stageFeatures()  per clip: resample every stage to L samples with an interpolation matrix
 *                    [B, K·L, T] (src/pipeline/aqa/stages.ts — a matmul, no gather), then the
 *                    pose-guided multi-modal fusion (eq. 8–11) per stage → fused [B, K, L, D];
 *                    static features projected → [B, K, L, D].
 *   compare()        per (query, exemplar) pair, broadcasting one query against N exemplars: the
 *                    per-stage Transformer decoder (eq. 17–18), MLPs with normalised λ_k
 *                    (eq. 19–20) → relative score; the same for splash (eq. 22–23).
 *
 * Training runs all three on tfjs; the export builds encoder.onnx from encode() and compare.onnx
 * from stageFeatures() (query only) + compare().
 */
import type { ModelConfig } from './config.ts';
import { STAGES, frameFeatureLayout, hasFusedStream } from './config.ts';
import { hierarchicalSkeletalEncoder } from './hse.ts';
import { attentionLogits, layerNorm, linear, mergeHeads, mlp, multiHeadAttention, splitHeads } from './layers.ts';
import type { Ops } from './ops.ts';
import { sceneTrackChannels } from '@divejudge/core';
import { dynamicVisualEncoder, staticVisualEncoder } from './visual.ts';

export interface EncoderInputs<T> {
  /** [B, T, 16, 3] crop-centred joints. */
  poses?: T;
  /** [B, T, S, S, 3] RGB crops in [0, 1]. */
  frames?: T;
  /** [B, T] splash trace. */
  splash?: T;
  /** [B, T, C] scene track (src/pipeline/aqa/sceneTrack.ts; C by model.sceneTrackNormalisation). */
  sceneTrack?: T;
}

export interface EncoderOutputs<T> {
  frameFeatures: T;
  /** [B, T, 2]; softmax over axis 1 gives the per-transition distribution over frames. */
  transitionLogits: T;
}

export function encode<T>(ops: Ops<T>, model: ModelConfig, inputs: EncoderInputs<T>): EncoderOutputs<T> {
  const parts: T[] = [];
  const need = (value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the model needs ${what}`);
    return value;
  };
  if (model.branches.dve) parts.push(dynamicVisualEncoder(ops, model, need(inputs.frames, 'frames')));
  if (model.branches.hse) parts.push(hierarchicalSkeletalEncoder(ops, model, need(inputs.poses, 'poses')));
  if (model.branches.splashInput) {
    const trace = ops.reshape(need(inputs.splash, 'a splash trace'), [-1, model.frames, 1]);
    parts.push(linear(ops, 'splash.embed', trace, model.splashEmbed, 'relu'));
  }
  if (model.branches.sceneTrack) {
    const track = ops.reshape(need(inputs.sceneTrack, 'a scene track'), [-1, model.frames, sceneTrackChannels(model.sceneTrackNormalisation)]);
    parts.push(linear(ops, 'scene.embed2', linear(ops, 'scene.embed1', track, 2 * model.sceneEmbed, 'relu'), model.sceneEmbed, 'relu'));
  }
  if (model.branches.sve) parts.push(staticVisualEncoder(ops, model, need(inputs.frames, 'frames')));
  const frameFeatures = ops.concat(parts, 2);
  const recurrent = ops.biGru(frameFeatures, 'segmentation.gru', model.segmentation.gruHidden, model.segmentation.gate);
  const transitionLogits = linear(ops, 'segmentation.fc', recurrent, STAGES - 1);
  return { frameFeatures, transitionLogits };
}

export interface StageFeatures<T> {
  /** [B, K, L, D] or null without DVE and HSE. */
  fused: T | null;
  /** [B, K, L, D] or null without SVE. */
  static: T | null;
}

/**
 * Pose-guided attention (eq. 8–11) within one stage: logits from the visual stream plus ρ × logits
 * from the skeletal stream; values and the residual from the visual stream (the skeletal one when
 * there is no visual branch; from both side by side with `fusion.values: both`). x: [B, K, L, ·].
 */
function fusion<T>(ops: Ops<T>, model: ModelConfig, dy: T | null, sk: T | null): T {
  const D = model.featureSize, heads = model.fusion.heads;
  // The paper's values are visual; with `both` the skeletal stream (and what joined it) flows on too.
  const base = dy !== null && sk !== null && model.fusion.values === 'both' ? ops.concat([dy, sk], 3) : ((dy ?? sk) as T);
  const baseProjected = linear(ops, 'fusion.in', base, D);
  let logits: T | null = null;
  if (dy !== null) {
    const q = splitHeads(ops, linear(ops, 'fusion.dy.q', dy, D), heads), k = splitHeads(ops, linear(ops, 'fusion.dy.k', dy, D), heads);
    logits = attentionLogits(ops, q, k);
  }
  if (sk !== null) {
    const q = splitHeads(ops, linear(ops, 'fusion.sk.q', sk, D), heads), k = splitHeads(ops, linear(ops, 'fusion.sk.k', sk, D), heads);
    const rho = ops.param('fusion.rho', [1], { kind: 'constant', value: 1 });
    const weighted = ops.mul(attentionLogits(ops, q, k), rho);
    logits = logits === null ? weighted : ops.add(logits, weighted);
  }
  const v = splitHeads(ops, linear(ops, 'fusion.v', baseProjected, D), heads);
  const attention = linear(ops, 'fusion.o', mergeHeads(ops, ops.matMul(ops.softmax(logits as T, -1), v)), D);
  const h = ops.add(attention, layerNorm(ops, 'fusion.ln1', baseProjected));
  return ops.add(mlp(ops, 'fusion.ffn', layerNorm(ops, 'fusion.ln2', h), model.fusion.ffn, D), h);
}

/** frameFeatures [B, T, F], resample [B, K·L, T] → stage features. */
export function stageFeatures<T>(ops: Ops<T>, model: ModelConfig, frameFeatures: T, resample: T): StageFeatures<T> {
  const layout = frameFeatureLayout(model);
  const L = model.stageLength;
  const resampled = ops.matMul(resample, frameFeatures); // [B, K·L, F]
  const sizes = [layout.dy, layout.sk, layout.splash, layout.scene, layout.st].filter((s) => s > 0);
  const pieces = ops.split(resampled, sizes, 2);
  let at = 0;
  const take = (size: number): T | null => (size > 0 ? ops.reshape(pieces[at++] as T, [-1, STAGES, L, size]) : null);
  const dy = take(layout.dy), skOnly = take(layout.sk), splash = take(layout.splash), scene = take(layout.scene), st = take(layout.st);
  // The splash trace and the scene track join the skeletal stream (pose-only packs) or else the visual one.
  let sk = skOnly;
  let visual = dy;
  for (const extra of [splash, scene]) {
    if (extra === null) continue;
    if (sk !== null) sk = ops.concat([sk, extra], 3);
    else if (visual !== null) visual = ops.concat([visual, extra], 3);
  }
  const fused = hasFusedStream(model) ? fusion(ops, model, visual, sk) : null;
  const stat = st === null ? null : layerNorm(ops, 'static.ln', linear(ops, 'static.in', st, model.featureSize));
  return { fused, static: stat };
}

/** Transformer decoder of one stream (eq. 17/18): query tokens attend to the exemplar's. [B, K, L, D] → [B, K, D]. */
function stageDecoder<T>(ops: Ops<T>, model: ModelConfig, name: string, query: T, exemplar: T): T {
  const D = model.featureSize;
  const position = ops.param(`${name}.position`, [STAGES, model.stageLength, D], { kind: 'normal', std: 0.1 });
  let q = ops.add(query, position);
  const e = ops.add(exemplar, position);
  for (let layer = 0; layer < model.decoder.layers; layer++) {
    const p = `${name}.layer${layer}`;
    const qn = layerNorm(ops, `${p}.ln_self`, q);
    q = ops.add(q, multiHeadAttention(ops, `${p}.self`, qn, qn, model.decoder.heads));
    q = ops.add(q, multiHeadAttention(ops, `${p}.cross`, layerNorm(ops, `${p}.ln_cross`, q), layerNorm(ops, `${p}.ln_memory`, e), model.decoder.heads));
    q = ops.add(q, mlp(ops, `${p}.ffn`, layerNorm(ops, `${p}.ln_ffn`, q), model.decoder.ffn, D));
  }
  return ops.reduceMean(layerNorm(ops, `${name}.ln_out`, q), [2], false);
}

/**
 * Splash scores are heavy-tailed (a crash is 50× a rip entry), which made the plain MSE of eq. 25
 * diverge here; the splash head regresses log(1 + S / SPLASH_UNIT) instead.
 */
export const SPLASH_UNIT = 0.05;

export function splashTarget(score: number): number {
  return Math.log1p(Math.max(0, score) / SPLASH_UNIT);
}

export interface CompareOutputs<T> {
  /** [B] relative score in award-sum points: Ŝ_q = S_e + this (eq. 19). */
  relativeScore: T;
  /** [B, K] per-stage contributions λ_k (M_fu + M_st), award-sum points. */
  stageScores: T;
  /** [B] relative splash (eq. 22) in log units: log(1 + S_q / s0) − log(1 + S_e / s0), s0 = SPLASH_UNIT. */
  relativeSplash: T;
}

/** λ_k-weighted per-stage MLP outputs (eq. 20/23): streams [B, K, D] → [B, K] (before λ). */
function stageHeads<T>(ops: Ops<T>, model: ModelConfig, name: string, fused: T | null, stat: T | null): T {
  const terms: T[] = [];
  // Output layers start at zero: every pair starts predicting "same score as the exemplar".
  if (fused !== null) terms.push(mlp(ops, `${name}.fu`, fused, model.head.hidden, 1, true));
  if (stat !== null) terms.push(mlp(ops, `${name}.st`, stat, model.head.hidden, 1, true));
  const sum = terms.length === 1 ? (terms[0] as T) : ops.add(terms[0] as T, terms[1] as T);
  return ops.reshape(sum, [-1, STAGES]);
}

/** λ = K · softmax(λ_raw) over the stages: normalised, 1 each at the start. [1, K] */
function stageWeights<T>(ops: Ops<T>, name: string): T {
  return ops.reshape(ops.scale(ops.softmax(ops.param(`${name}.lambda`, [STAGES, 1], { kind: 'constant', value: 0 }), 0), STAGES), [1, STAGES]);
}

/**
 * Eq. 17–23, antisymmetrised: each stream's decoder runs both ways, D(query ← exemplar) and
 * D(exemplar ← query), and a stage's score is M(f_qe) − M(f_eq). Swapping the two videos negates
 * the prediction by construction, and when attention carries nothing the model still reduces to
 * a shared per-video scorer, which learns much faster than eq. 17's one-way form did here.
 */
export function compare<T>(ops: Ops<T>, model: ModelConfig, query: StageFeatures<T>, exemplar: StageFeatures<T>): CompareOutputs<T> {
  const both = (name: string, q: T | null, e: T | null): [T | null, T | null] =>
    q !== null && e !== null ? [stageDecoder(ops, model, name, q, e), stageDecoder(ops, model, name, e, q)] : [null, null];
  const [fuQE, fuEQ] = both('decoder.fu', query.fused, exemplar.fused);
  const [stQE, stEQ] = both('decoder.st', query.static, exemplar.static);
  const difference = (name: string) => ops.sub(stageHeads(ops, model, name, fuQE, stQE), stageHeads(ops, model, name, fuEQ, stEQ));
  const stageScores = ops.scale(ops.mul(difference('score'), stageWeights(ops, 'score')), model.scoreScale);
  const stageSplash = ops.mul(difference('splash'), stageWeights(ops, 'splash'));
  return {
    relativeScore: ops.reduceSum(stageScores, [1], false),
    stageScores,
    relativeSplash: ops.scale(ops.reduceSum(stageSplash, [1], false), model.splashScale),
  };
}
