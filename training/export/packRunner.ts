/**
 * A model pack run the way the app runs it (onnxruntime instead of onnxruntime-web in a worker):
 * validate → encoder once per clip → stage boundaries → compare against N exemplars from the bank
 * → vote. Used by the export (metrics in the manifest) and `npm run eval`; a reference for the app's
 * aqa worker.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, readExemplarBlock, validatePack, webCryptoSha256 } from '../../src/pipeline/aqa/pack.ts';
import type { ExemplarRecord, PackManifest } from '../../src/pipeline/aqa/pack.ts';
import { boundariesFromProbabilities, resampleMatrix } from '../../src/pipeline/aqa/stages.ts';
import { selectExemplars, vote } from '../../src/pipeline/aqa/voting.ts';
import type { Vote } from '../../src/pipeline/aqa/voting.ts';
import { JOINT_COUNT } from '../../src/pipeline/pose/skeleton.ts';
import { createSession } from './ort.ts';
import type { Feed, OrtSession, Runtime } from './ort.ts';

export interface ClipInputs {
  /** [T, 16, 3] */
  poses?: Float32Array;
  /** [T, S, S, 3] in [0, 1] */
  frames?: Float32Array;
  /** [T] */
  splash?: Float32Array;
}

export interface EncodedClip {
  frameFeatures: Float32Array;
  transitionProbs: Float32Array;
  boundaries: [number, number];
}

export interface ClipScore {
  vote: Vote;
  exemplars: number[];
  relative: Float32Array;
  stageScores: Float32Array;
  relativeSplash: Float32Array;
  encoded: EncodedClip;
}

export class PackRunner {
  private constructor(
    readonly manifest: PackManifest,
    readonly exemplars: ExemplarRecord[],
    private readonly bank: { fused: Float32Array | null; static: Float32Array | null },
    private readonly encoder: OrtSession,
    private readonly comparison: OrtSession,
  ) {}

  static async open(dir: string, runtime: Runtime = 'node'): Promise<PackRunner> {
    const manifestJson = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as unknown;
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir)) if (name !== MANIFEST_FILE) files[name] = new Uint8Array(readFileSync(join(dir, name)));
    const result = await validatePack(manifestJson, files, webCryptoSha256);
    if (!result.ok) throw new Error(`${dir}: invalid pack:\n  ${result.errors.join('\n  ')}`);
    const { manifest, exemplars } = result.value;
    const bankBytes = files[manifest.exemplars.data] as Uint8Array;
    const block = (name: 'fused' | 'static') => {
      const b = manifest.exemplars.blocks.find((x) => x.name === name);
      return b ? (readExemplarBlock(bankBytes, b) as Float32Array) : null;
    };
    const encoder = await createSession(files[manifest.graphs.encoder.file] as Uint8Array, runtime);
    const comparison = await createSession(files[manifest.graphs.compare.file] as Uint8Array, runtime);
    return new PackRunner(manifest, exemplars, { fused: block('fused'), static: block('static') }, encoder, comparison);
  }

  async encode(inputs: ClipInputs): Promise<EncodedClip> {
    const T = this.manifest.inputs.frames;
    const feed: Feed = {};
    if (this.manifest.inputs.joints) feed.poses = { data: required(inputs.poses, 'poses'), dims: [1, T, JOINT_COUNT, 3] };
    if (this.manifest.inputs.crop) {
      const S = this.manifest.inputs.crop.size;
      feed.frames = { data: required(inputs.frames, 'frames'), dims: [1, T, S, S, 3] };
    }
    if (this.manifest.inputs.splash) feed.splash = { data: inputs.splash ?? new Float32Array(T), dims: [1, T] };
    const out = await this.encoder.run(feed);
    const transitionProbs = (out.transition_probs as { data: Float32Array }).data;
    return { frameFeatures: (out.frame_features as { data: Float32Array }).data, transitionProbs, boundaries: boundariesFromProbabilities(transitionProbs, T) };
  }

  /** Relative scores of the query against bank exemplars `indices` (boundaries: predicted or edited). */
  async compare(encoded: EncodedClip, boundaries: [number, number], indices: readonly number[]): Promise<{ relative: Float32Array; stageScores: Float32Array; relativeSplash: Float32Array }> {
    const m = this.manifest.model, T = this.manifest.inputs.frames;
    const KL = m.stages.length * m.stageLength, D = m.featureSize, row = KL * D;
    const feed: Feed = {
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
    const out = await this.comparison.run(feed);
    const get = (name: string) => (out[name] as { data: Float32Array }).data;
    return { relative: get('relative_score'), stageScores: get('stage_scores'), relativeSplash: get('relative_splash') };
  }

  /** The whole app path for one clip of a known dive. */
  async score(inputs: ClipInputs, dive: { diveNumber: string; height: number | null; dd: number }, voteN = this.manifest.voting.defaultN, exclude?: (e: ExemplarRecord) => boolean): Promise<ClipScore> {
    const encoded = await this.encode(inputs);
    const chosen = selectExemplars(this.exemplars, dive.diveNumber, dive.height, voteN, exclude);
    const { relative, stageScores, relativeSplash } = await this.compare(encoded, encoded.boundaries, chosen);
    return { vote: vote(chosen.map((k) => (this.exemplars[k] as ExemplarRecord).awardSum), relative, dive.dd), exemplars: chosen, relative, stageScores, relativeSplash, encoded };
  }

  async release(): Promise<void> {
    await this.encoder.release();
    await this.comparison.release();
  }
}

function required(value: Float32Array | undefined, what: string): Float32Array {
  if (!value) throw new Error(`this pack needs ${what}`);
  return value;
}
