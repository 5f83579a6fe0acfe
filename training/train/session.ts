/**
 * The tfjs model for training and tfjs-side evaluation: one training step on a batch of pairs
 * (eq. 27), and batched inference pieces (encode clips, stage features, compare with exemplars).
 */
import { JOINT_COUNT, sceneTrackChannels } from '@divejudge/core';
import type * as tfc from '@tensorflow/tfjs-core';
import type { RunConfig } from '../model/config.ts';
import { STAGES, usesPixels } from '../model/config.ts';
import { compare, encode, splashTarget, stageFeatures } from '../model/hpmcore.ts';
import type { EncoderInputs, StageFeatures } from '../model/hpmcore.ts';
import type { Tf } from '../model/tfBackend.ts';
import { TfOps, TfParams } from '../model/tfOps.ts';
import type { Clip, ClipBatch, Pair } from './data.ts';
import { clipBatch } from './data.ts';
import { meanSquaredError, segmentationLoss, stageContrastiveLoss } from './losses.ts';
import type { Adam } from './optimizer.ts';

type Tensor = tfc.Tensor;

export interface LossTerms {
  total: number;
  aqa: number;
  splash: number;
  ce: number;
  cont: number;
  gradNorm: number;
}

/** Stage features of one clip, flattened [K·L·D] per stream. */
export interface ClipStages {
  fused: Float32Array | null;
  static: Float32Array | null;
}

export class ModelSession {
  readonly params: TfParams;
  readonly ops: TfOps;

  constructor(readonly tf: Tf, readonly config: RunConfig) {
    this.params = new TfParams(tf, config.seed);
    this.ops = new TfOps(this.params);
  }

  private get model() {
    return this.config.model;
  }

  batch(items: ReadonlyArray<{ clip: Clip; mirror: boolean; boundaries?: [number, number] }>): ClipBatch {
    const m = this.model;
    return clipBatch(items, m.frames, m.crop, m.stageLength, usesPixels(m), m.branches.sceneTrack ? sceneTrackChannels(m.sceneTrackNormalisation) : 0);
  }

  /** Input tensors of a batch (call inside tidy). */
  inputs(batch: ClipBatch): EncoderInputs<Tensor> {
    const tf = this.tf, m = this.model, T = m.frames, n = batch.count;
    return {
      poses: m.branches.hse ? tf.tensor(batch.poses, [n, T, JOINT_COUNT, 3]) : undefined,
      frames: batch.pixels ? tf.tensor(batch.pixels, [n, T, m.crop, m.crop, 3]) : undefined,
      splash: m.branches.splashInput ? tf.tensor(batch.splash, [n, T]) : undefined,
      sceneTrack: batch.sceneTrack ? tf.tensor(batch.sceneTrack, [n, T, sceneTrackChannels(m.sceneTrackNormalisation)]) : undefined,
    };
  }

  /** Creates every parameter (one forward pass on a dummy pair) so the optimizer sees them all. */
  build(sample: Clip): void {
    const batch = this.batch([{ clip: sample, mirror: false }, { clip: sample, mirror: false }]);
    this.tf.tidy(() => {
      this.pairLoss(batch, 1, [0], [0]);
    });
  }

  /** Eq. 27 for a batch whose first half are queries and second half their exemplars. */
  private pairLoss(batch: ClipBatch, pairs: number, relativeScores: number[], relativeSplash: number[]): Record<keyof Omit<LossTerms, 'gradNorm'>, Tensor> {
    const tf = this.tf, ops = this.ops, m = this.model, train = this.config.train;
    const KL = STAGES * m.stageLength, T = m.frames;
    const enc = encode(ops, m, this.inputs(batch));
    const stages = stageFeatures(ops, m, enc.frameFeatures, tf.tensor(batch.resample, [batch.count, KL, T]));
    const halves = (x: Tensor | null): [Tensor | null, Tensor | null] => (x === null ? [null, null] : (tf.split(x, [pairs, pairs], 0) as [Tensor, Tensor]));
    const [qf, ef] = halves(stages.fused), [qs, es] = halves(stages.static);
    const out = compare(ops, m, { fused: qf, static: qs }, { fused: ef, static: es });
    const aqa = meanSquaredError(tf, out.relativeScore, tf.tensor(relativeScores), m.scoreScale);
    const splash = meanSquaredError(tf, out.relativeSplash, tf.tensor(relativeSplash), m.splashScale);
    const ce = segmentationLoss(tf, enc.transitionLogits, tf.tensor(batch.targets, [batch.count, T, 2]));
    let cont: Tensor = tf.scalar(0);
    if (qf && ef) cont = tf.add(cont, stageContrastiveLoss(tf, qf, ef, train.temperature));
    if (qs && es) cont = tf.add(cont, stageContrastiveLoss(tf, qs, es, train.temperature));
    const w = train.lossWeights;
    const total = tf.addN([tf.mul(aqa, tf.scalar(w.aqa)), tf.mul(splash, tf.scalar(w.splash)), tf.mul(ce, tf.scalar(w.ce)), tf.mul(cont, tf.scalar(w.cont))]);
    return { total, aqa, splash, ce, cont };
  }

  trainStep(pairs: readonly Pair[], optimizer: Adam): LossTerms {
    const tf = this.tf;
    const batch = this.batch([
      ...pairs.map((p) => ({ clip: p.query, mirror: p.mirrorQuery })),
      ...pairs.map((p) => ({ clip: p.exemplar, mirror: p.mirrorExemplar })),
    ]);
    const relativeScores = pairs.map((p) => p.query.awardSum - p.exemplar.awardSum);
    const relativeSplash = pairs.map((p) => splashTarget(p.query.splashScore) - splashTarget(p.exemplar.splashScore));
    const kept: Partial<Record<keyof Omit<LossTerms, 'gradNorm'>, Tensor>> = {};
    const variables = [...this.params.variables.values()];
    const { value, grads } = tf.variableGrads(() => {
      const terms = this.pairLoss(batch, pairs.length, relativeScores, relativeSplash);
      for (const k of ['aqa', 'splash', 'ce', 'cont'] as const) kept[k] = tf.keep(terms[k]);
      return terms.total as tfc.Scalar;
    }, variables);
    const named: Record<string, Tensor> = {};
    for (const [k, g] of Object.entries(grads)) named[this.params.nameOf(k)] = g;
    const gradNorm = optimizer.apply(this.params.variables, named);
    const read = (t: Tensor | undefined) => (t ? (t.dataSync()[0] ?? Number.NaN) : 0);
    const terms: LossTerms = { total: read(value), aqa: read(kept.aqa), splash: read(kept.splash), ce: read(kept.ce), cont: read(kept.cont), gradNorm };
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
    for (const t of Object.values(kept)) t.dispose();
    return terms;
  }

  /** Per clip: frame features [T·F] and transition probabilities [T·2]. */
  async encodeClips(clips: readonly Clip[], batchSize: number): Promise<Array<{ frameFeatures: Float32Array; probs: Float32Array }>> {
    const out: Array<{ frameFeatures: Float32Array; probs: Float32Array }> = [];
    for (let i = 0; i < clips.length; i += batchSize) {
      const part = clips.slice(i, i + batchSize);
      const batch = this.batch(part.map((clip) => ({ clip, mirror: false })));
      const [features, probs] = this.tf.tidy(() => {
        const enc = encode(this.ops, this.model, this.inputs(batch));
        return [enc.frameFeatures, this.ops.softmax(enc.transitionLogits, 1)];
      });
      const f = (await features.data()) as Float32Array, p = (await probs.data()) as Float32Array;
      const fSize = f.length / part.length, pSize = p.length / part.length;
      part.forEach((_, k) => out.push({ frameFeatures: f.slice(k * fSize, (k + 1) * fSize), probs: p.slice(k * pSize, (k + 1) * pSize) }));
      features.dispose();
      probs.dispose();
    }
    return out;
  }

  /** Stage features from frame features and interpolation matrices, batched. */
  async stageClips(frameFeatures: readonly Float32Array[], resample: readonly Float32Array[], batchSize: number): Promise<ClipStages[]> {
    const m = this.model, T = m.frames, KL = STAGES * m.stageLength;
    const F = (frameFeatures[0]?.length ?? 0) / T;
    const out: ClipStages[] = [];
    for (let i = 0; i < frameFeatures.length; i += batchSize) {
      const n = Math.min(batchSize, frameFeatures.length - i);
      const f = new Float32Array(n * T * F), r = new Float32Array(n * KL * T);
      for (let k = 0; k < n; k++) {
        f.set(frameFeatures[i + k] as Float32Array, k * T * F);
        r.set(resample[i + k] as Float32Array, k * KL * T);
      }
      const [sf, ss] = this.tf.tidy(() => {
        const s = stageFeatures(this.ops, m, this.tf.tensor(f, [n, T, F]), this.tf.tensor(r, [n, KL, T]));
        return [s.fused ?? this.tf.zeros([0]), s.static ?? this.tf.zeros([0])];
      });
      const fused = sf.size > 0 ? ((await sf.data()) as Float32Array) : null;
      const stat = ss.size > 0 ? ((await ss.data()) as Float32Array) : null;
      sf.dispose();
      ss.dispose();
      const size = KL * m.featureSize;
      for (let k = 0; k < n; k++) out.push({ fused: fused ? fused.slice(k * size, (k + 1) * size) : null, static: stat ? stat.slice(k * size, (k + 1) * size) : null });
    }
    return out;
  }

  /** One query against N exemplars: relative scores and splash, per exemplar. */
  async compareWith(query: ClipStages, exemplars: readonly ClipStages[]): Promise<{ relative: Float32Array; splash: Float32Array; stageScores: Float32Array }> {
    const tf = this.tf, m = this.model, L = m.stageLength, D = m.featureSize, n = exemplars.length;
    const stack = (pick: (s: ClipStages) => Float32Array | null): Float32Array | null => {
      if (pick(query) === null) return null;
      const out = new Float32Array(n * STAGES * L * D);
      exemplars.forEach((e, k) => out.set(pick(e) as Float32Array, k * STAGES * L * D));
      return out;
    };
    const ef = stack((s) => s.fused), es = stack((s) => s.static);
    const shape1 = [1, STAGES, L, D], shapeN = [n, STAGES, L, D];
    const out = tf.tidy(() => {
      const q: StageFeatures<Tensor> = { fused: query.fused ? tf.tensor(query.fused, shape1) : null, static: query.static ? tf.tensor(query.static, shape1) : null };
      const e: StageFeatures<Tensor> = { fused: ef ? tf.tensor(ef, shapeN) : null, static: es ? tf.tensor(es, shapeN) : null };
      const r = compare(this.ops, m, q, e);
      return [r.relativeScore, r.relativeSplash, r.stageScores];
    });
    const [relative, splash, stageScores] = (await Promise.all(out.map((t) => t.data()))) as [Float32Array, Float32Array, Float32Array];
    for (const t of out) t.dispose();
    return { relative, splash, stageScores };
  }

  dispose(): void {
    this.params.dispose();
  }
}
