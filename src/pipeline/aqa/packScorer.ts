/**
 * Scoring a clip with a model pack, framework-free: validate → encoder once per clip → stage
 * boundaries → compare against N exemplars from the bank in one batch → vote (eq. 28).
 * The ONNX runtime is injected (`SessionFactory`): onnxruntime-web in the app's worker,
 * onnxruntime-node in the trainer's evaluation — the same arithmetic on both sides.
 */
import { sceneTrackChannels } from './sceneTrack.ts';
import { JOINT_COUNT } from '../pose/skeleton.ts';
import { readExemplarBlock, validatePack, webCryptoSha256, type ExemplarRecord, type PackFiles, type PackManifest, type Sha256 } from './pack.ts';
import { boundariesFromProbabilities, likelyBoundaries, resampleMatrix, STAGE_SPLITS_AVERAGED } from './stages.ts';
import { selectWithLibrary, vote, type Vote } from './voting.ts';

export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export interface InferenceSessionLike {
  run(feed: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  /**
   * Values for the graph's symbolic dimensions (onnxruntime's freeDimensionOverrides). A session
   * built for fixed shapes runs these small graphs 3× faster on WASM than a dynamic one, so the
   * encoder is built for batch 1 and the comparison once per exemplar count N.
   */
  fixedDimensions?: Record<string, number>;
}

export type SessionFactory = (model: Uint8Array, options?: SessionOptions) => Promise<InferenceSessionLike>;

/** Comparison sessions kept at once (one per exemplar count in use). */
const MAX_COMPARISON_SESSIONS = 4;

export interface ClipInputs {
  /** [T, 16, 3], inputs.ts `normalisePoseToCrops` */
  poses?: Float32Array;
  /** [T, S, S, 3] in [0, 1] */
  frames?: Float32Array;
  /** [T], inputs.ts `splashAreasPerFrame` */
  splash?: Float32Array;
  /** [T, sceneTrackChannels(manifest normalisation)], sceneTrack.ts */
  sceneTrack?: Float32Array;
}

export interface EncodedClip {
  frameFeatures: Float32Array;
  transitionProbs: Float32Array;
  /** Stage boundaries on the model's frame axis, as the model predicts them. */
  boundaries: [number, number];
  /**
   * The same clip encoded on the other samplings of its frames (inputs.ts, SAMPLING_SHIFTS after
   * the first), whose comparisons `scoreEncoded` averages in; absent for one sampling (an analysis
   * saved before 2026-12-07's thirty-first session, a pack's own test).
   */
  resampled?: EncodedClip[];
}

export interface Comparison {
  /** Per exemplar: predicted award sum of the query minus the exemplar's. */
  relative: Float32Array;
  /** Per exemplar × stage: the λ-weighted contribution of each stage to `relative`. */
  stageScores: Float32Array;
  relativeSplash: Float32Array;
}

export interface ClipScore extends Comparison {
  vote: Vote;
  exemplars: number[];
  boundaries: [number, number];
  /**
   * On the encoder's own stages: the probability-weighted standard deviation, over the splits
   * averaged, of the vote each split alone gives (award-sum units); absent for stages a judge set.
   */
  stageSplitSpread?: number;
  /** On the encoder's own stages: how many splits were averaged and the weight of the likeliest (the one reported as `boundaries`). */
  stageSplits?: { count: number; likeliestShare: number };
  /** How many samplings of the clip's frames were averaged (EncodedClip.resampled); absent for one. */
  samplings?: number;
}

/** Comparisons averaged element by element with the given weights (which sum to 1). */
function weightedMean(items: ReadonlyArray<{ comparison: Comparison; weight: number }>): Comparison {
  const first = items[0]?.comparison;
  if (!first) throw new Error('nothing to average');
  const mean = (pick: (c: Comparison) => Float32Array) => {
    const out = new Float32Array(pick(first).length);
    for (const { comparison, weight } of items) pick(comparison).forEach((v, i) => (out[i] = (out[i] ?? 0) + weight * v));
    return out;
  };
  return { relative: mean((c) => c.relative), stageScores: mean((c) => c.stageScores), relativeSplash: mean((c) => c.relativeSplash) };
}

export class PackInvalidError extends Error {
  constructor(readonly errors: string[], origin: string) {
    super(`${origin}: this model pack is broken — ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`);
    this.name = 'PackInvalidError';
  }
}

/** A personal exemplar's stage features for this pack (the compare graph's query_fused / query_static). */
export interface LibraryExemplar {
  record: ExemplarRecord;
  fused: Float32Array;
  static: Float32Array | null;
}

/**
 * Whether a bank's skeletons show the export bug of the packs made before 2026-12-06: every
 * exemplar written over the first one's place (training/export/packWriter.ts, bankPoses), so the
 * first row holds the last exemplar's skeleton and every other row is zeros. Such a block has no
 * skeleton that belongs to its exemplar, and none is shown.
 */
export function writtenOverFirstRow(data: Int16Array, row: number): boolean {
  if (row <= 0 || data.length < 2 * row) return false;
  return data.subarray(0, row).some((v) => v !== 0) && data.subarray(row).every((v) => v === 0);
}

export class PackScorer {
  /** The pack's exemplars followed by the user's library exemplars (indices past `packExemplarCount`). */
  exemplars: ExemplarRecord[];
  readonly packExemplarCount: number;
  /** The bank's display poses (int16 [count, T, 16, 2]), when the pack has them. */
  private poseBlock: { data: Int16Array; frames: number } | null = null;
  private bank: { fused: Float32Array | null; static: Float32Array | null };

  private constructor(
    readonly manifest: PackManifest,
    packExemplars: ExemplarRecord[],
    private readonly packBank: { fused: Float32Array | null; static: Float32Array | null },
    private readonly encoder: InferenceSessionLike,
    private readonly comparisonModel: Uint8Array,
    private readonly createSession: SessionFactory,
    /** Comparison sessions by exemplar count, most recently used last. */
    private readonly comparisons: Map<number, Promise<InferenceSessionLike>>,
  ) {
    this.exemplars = [...packExemplars];
    this.packExemplarCount = packExemplars.length;
    this.bank = packBank;
  }

  /**
   * Appends the user's exemplars (features computed for this pack) to the bank, replacing any set
   * before. They vote like the pack's own: same dive number, and they are taken first.
   */
  setLibrary(library: readonly LibraryExemplar[]): void {
    const m = this.manifest.model;
    const row = m.stages.length * m.stageLength * m.featureSize;
    const join = (base: Float32Array | null, part: (e: LibraryExemplar) => Float32Array | null, what: string): Float32Array | null => {
      if (!base) return null;
      const out = new Float32Array(base.length + library.length * row);
      out.set(base);
      library.forEach((e, i) => {
        const features = part(e);
        if (!features || features.length !== row) throw new Error(`library exemplar ${e.record.id}: ${what} features have ${features?.length ?? 0} values, this pack needs ${row}`);
        out.set(features, base.length + i * row);
      });
      return out;
    };
    this.bank = { fused: join(this.packBank.fused, (e) => e.fused, 'fused'), static: join(this.packBank.static, (e) => e.static, 'static') };
    this.exemplars = [...this.exemplars.slice(0, this.packExemplarCount), ...library.map((e) => e.record)];
  }

  /** Pack exemplar `index`'s display pose: T × 16 × (x, y) crop units × 1000, or null. */
  /** Whether the exemplars come with skeletons to draw (none in a pack without a poses block, or with the old export's). */
  get hasExemplarSkeletons(): boolean {
    return this.poseBlock !== null;
  }

  exemplarPoses(index: number): { poses: Int16Array; frames: number } | null {
    if (!this.poseBlock || index < 0 || index >= this.packExemplarCount) return null;
    const row = this.poseBlock.frames * 16 * 2;
    return { poses: this.poseBlock.data.slice(index * row, (index + 1) * row), frames: this.poseBlock.frames };
  }

  /**
   * An encoded clip's stage features in the bank's layout, so it can join the bank as an exemplar:
   * the compare graph returns the query's own fused (and static) stage features beside its scores.
   */
  async exemplarFeatures(encoded: EncodedClip, boundaries: readonly [number, number]): Promise<{ fused: Float32Array; static: Float32Array | null }> {
    if (this.exemplars.length === 0) throw new Error('the pack has no exemplar to run the comparison against');
    const out = await this.compareRaw(encoded, boundaries, [0]);
    return { fused: output(out, 'query_fused').slice(), static: this.bank.static ? output(out, 'query_static').slice() : null };
  }

  /** Validates every file (schema, sizes, sha256) before any model is created. */
  static async open(source: { manifestJson: unknown; files: PackFiles; origin: string }, createSession: SessionFactory, sha256: Sha256 = webCryptoSha256): Promise<PackScorer> {
    const result = await validatePack(source.manifestJson, source.files, sha256);
    if (!result.ok) throw new PackInvalidError(result.errors, source.origin);
    const { manifest, exemplars } = result.value;
    const bankBytes = source.files[manifest.exemplars.data] as Uint8Array;
    const block = (name: 'fused' | 'static') => {
      const b = manifest.exemplars.blocks.find((x) => x.name === name);
      return b ? (readExemplarBlock(bankBytes, b) as Float32Array) : null;
    };
    const encoder = await createSession(source.files[manifest.graphs.encoder.file] as Uint8Array, { fixedDimensions: { b: 1 } });
    const comparisonModel = source.files[manifest.graphs.compare.file] as Uint8Array;
    const scorer = new PackScorer(manifest, exemplars, { fused: block('fused'), static: block('static') }, encoder, comparisonModel, createSession, new Map());
    const poses = manifest.exemplars.blocks.find((x) => x.name === 'poses');
    if (poses) {
      const block = { data: readExemplarBlock(bankBytes, poses) as Int16Array, frames: poses.shape[1] ?? 0 };
      scorer.poseBlock = writtenOverFirstRow(block.data, block.frames * 16 * 2) ? null : block;
    }
    try {
      // The default vote size is ready before the pack is: a model that fails to load fails here.
      await scorer.comparison(Math.min(manifest.voting.defaultN, Math.max(1, exemplars.length)));
    } catch (error) {
      await scorer.release();
      throw error;
    }
    return scorer;
  }

  /** The comparison session for N exemplars (created on first use, a few kept). */
  private comparison(n: number): Promise<InferenceSessionLike> {
    let session = this.comparisons.get(n);
    if (session) {
      this.comparisons.delete(n);
      this.comparisons.set(n, session);
      return session;
    }
    session = this.createSession(this.comparisonModel, { fixedDimensions: { N: n, b: 1 } });
    session.catch(() => this.comparisons.delete(n));
    this.comparisons.set(n, session);
    if (this.comparisons.size > MAX_COMPARISON_SESSIONS) {
      const [oldest, stale] = this.comparisons.entries().next().value as [number, Promise<InferenceSessionLike>];
      this.comparisons.delete(oldest);
      void stale.then((s) => s.release(), () => undefined);
    }
    return session;
  }

  async encode(inputs: ClipInputs): Promise<EncodedClip> {
    const T = this.manifest.inputs.frames;
    const feed: Record<string, TensorData> = {};
    if (this.manifest.inputs.joints) feed.poses = { data: required(inputs.poses, 'poses'), dims: [1, T, JOINT_COUNT, 3] };
    if (this.manifest.inputs.crop) {
      const S = this.manifest.inputs.crop.size;
      feed.frames = { data: required(inputs.frames, 'frames'), dims: [1, T, S, S, 3] };
    }
    if (this.manifest.inputs.splash) feed.splash = { data: inputs.splash ?? new Float32Array(T), dims: [1, T] };
    const scene = this.manifest.inputs.sceneTrack;
    if (scene) {
      const C = sceneTrackChannels(scene.normalisation), track = required(inputs.sceneTrack, 'a scene track');
      if (track.length !== T * C) throw new Error(`this pack takes a ${scene.normalisation} scene track (${T} × ${C}), got ${track.length} values`);
      feed.scene_track = { data: track, dims: [1, T, C] };
    }
    const out = await this.encoder.run(feed);
    const transitionProbs = output(out, 'transition_probs');
    return { frameFeatures: output(out, 'frame_features'), transitionProbs, boundaries: boundariesFromProbabilities(transitionProbs, T) };
  }

  /** Relative scores of the query against bank exemplars `indices`, with given (maybe edited) boundaries. */
  async compare(encoded: EncodedClip, boundaries: readonly [number, number], indices: readonly number[]): Promise<Comparison> {
    const out = await this.compareRaw(encoded, boundaries, indices);
    return { relative: output(out, 'relative_score'), stageScores: output(out, 'stage_scores'), relativeSplash: output(out, 'relative_splash') };
  }

  private async compareRaw(encoded: EncodedClip, boundaries: readonly [number, number], indices: readonly number[]): Promise<Record<string, TensorData>> {
    const m = this.manifest.model, T = this.manifest.inputs.frames;
    const KL = m.stages.length * m.stageLength, D = m.featureSize, row = KL * D;
    const feed: Record<string, TensorData> = {
      query_features: { data: encoded.frameFeatures, dims: [1, T, encoded.frameFeatures.length / T] },
      query_resample: { data: resampleMatrix(boundaries, T, m.stageLength), dims: [1, KL, T] },
    };
    const gather = (block: Float32Array) => {
      const out = new Float32Array(indices.length * row);
      indices.forEach((k, i) => out.set(block.subarray(k * row, (k + 1) * row), i * row));
      return out;
    };
    if (this.bank.fused) feed.exemplar_fused = { data: gather(this.bank.fused), dims: [indices.length, KL, D] };
    if (this.bank.static) feed.exemplar_static = { data: gather(this.bank.static), dims: [indices.length, KL, D] };
    return (await this.comparison(indices.length)).run(feed);
  }

  /** The exemplars automatic voting would use for a dive (N of the same dive number, as the paper does). */
  chooseExemplars(dive: { diveNumber: string; height: number | null }, n: number = this.manifest.voting.defaultN, exclude?: (e: ExemplarRecord) => boolean): number[] {
    return selectWithLibrary(this.exemplars, this.packExemplarCount, dive.diveNumber, dive.height, n, exclude);
  }

  /**
   * A clip read several ways (inputs.ts, SAMPLING_SHIFTS): the first sampling encoded, then each
   * other one, attached as its `resampled`, which `scoreEncoded` averages over. The one place
   * besides `analyseClip` (which builds each sampling's inputs as it goes) that puts them together:
   * a saved analysis scored again, and the benchmark's Node parity run.
   */
  async encodeSamplings(first: ClipInputs, others: readonly ClipInputs[]): Promise<EncodedClip> {
    const encoded = await this.encode(first);
    if (others.length === 0) return encoded;
    const resampled: EncodedClip[] = [];
    for (const other of others) resampled.push(await this.encode(other));
    return { ...encoded, resampled };
  }

  /**
   * Compares and votes. With `boundaries` (a judge's edited stages) the comparison runs on them;
   * with null, on the encoder's own stages: the relative scores averaged over its
   * STAGE_SPLITS_AVERAGED likeliest splits, weighted by their probability, and the likeliest split
   * reported as the stages.
   */
  async scoreEncoded(encoded: EncodedClip, boundaries: readonly [number, number] | null, exemplars: readonly number[], dd: number): Promise<ClipScore> {
    const awardSums = exemplars.map((k) => (this.exemplars[k] as ExemplarRecord).awardSum);
    // Every sampling of the clip's frames weighs the same; the comparison is linear in what is
    // averaged, so the vote, each stage's points and the splash's stay one account of the score.
    const samplings = [encoded, ...(encoded.resampled ?? [])];
    if (boundaries) {
      const weightedComparisons: Array<{ comparison: Comparison; weight: number }> = [];
      for (const sampling of samplings) weightedComparisons.push({ comparison: await this.compare(sampling, boundaries, exemplars), weight: 1 / samplings.length });
      const comparison = weightedMean(weightedComparisons);
      return { ...comparison, vote: vote(awardSums, comparison.relative, dd), exemplars: [...exemplars], boundaries: [boundaries[0], boundaries[1]], ...(samplings.length > 1 ? { samplings: samplings.length } : {}) };
    }
    const weightedComparisons: Array<{ comparison: Comparison; weight: number }> = [];
    const splitVotes: Array<{ awardSum: number; weight: number }> = [];
    let splitCount = 0, likeliestShare = 1;
    for (const [s, sampling] of samplings.entries()) {
      const splits = likelyBoundaries(sampling.transitionProbs, this.manifest.inputs.frames, STAGE_SPLITS_AVERAGED);
      for (const split of splits) {
        const comparison = await this.compare(sampling, split.boundaries, exemplars);
        weightedComparisons.push({ comparison, weight: split.weight / samplings.length });
        if (s === 0) splitVotes.push({ awardSum: vote(awardSums, comparison.relative, dd).awardSum, weight: split.weight });
      }
      if (s === 0) {
        splitCount = splits.length;
        likeliestShare = splits[0]?.weight ?? 1;
      }
    }
    const comparison = weightedMean(weightedComparisons);
    // How far apart the shown sampling's likely splits' own votes lie: a wide spread means the score
    // hangs on where the stages are (confidence.ts, UNSURE_STAGES_SPREAD was chosen on this).
    const mean = splitVotes.reduce((a, v) => a + v.weight * v.awardSum, 0);
    const stageSplitSpread = Math.sqrt(splitVotes.reduce((a, v) => a + v.weight * (v.awardSum - mean) ** 2, 0));
    return { ...comparison, vote: vote(awardSums, comparison.relative, dd), exemplars: [...exemplars], boundaries: [encoded.boundaries[0], encoded.boundaries[1]], stageSplitSpread, stageSplits: { count: splitCount, likeliestShare }, ...(samplings.length > 1 ? { samplings: samplings.length } : {}) };
  }

  /** The whole path for one clip of a known dive. */
  async score(inputs: ClipInputs, dive: { diveNumber: string; height: number | null; dd: number }, voteN = this.manifest.voting.defaultN, exclude?: (e: ExemplarRecord) => boolean): Promise<ClipScore & { encoded: EncodedClip }> {
    const encoded = await this.encode(inputs);
    const chosen = this.chooseExemplars(dive, voteN, exclude);
    return { ...(await this.scoreEncoded(encoded, null, chosen, dive.dd)), encoded };
  }

  async release(): Promise<void> {
    await this.encoder.release();
    const sessions = [...this.comparisons.values()];
    this.comparisons.clear();
    for (const session of sessions) await session.then((s) => s.release(), () => undefined);
  }
}

function required(value: Float32Array | undefined, what: string): Float32Array {
  if (!value) throw new Error(`this pack needs ${what}`);
  return value;
}

function output(out: Record<string, TensorData>, name: string): Float32Array {
  const tensor = out[name];
  if (!tensor) throw new Error(`the model gave no "${name}" output`);
  return tensor.data;
}
