/**
 * Model, training and pack settings, read from `training/configs/*.json`. Every size the network
 * has comes from here; `validateRunConfig` names the first wrong field.
 */
import { readFileSync } from 'node:fs';
import type { GruGate } from './ops.ts';
import { SCENE_TRACK_NORMALISATIONS } from '@divejudge/core';
import type { Branches, SceneTrackNormalisation } from '@divejudge/core';

/** The branches a model has: the pack manifest's own type, so a config and the pack it exports cannot disagree. */
export type { Branches };

export interface ModelConfig {
  branches: Branches;
  /** T: frames sampled uniformly per clip. */
  frames: number;
  /** Side of the diver-centred square crop, pixels (visual branches). */
  crop: number;
  /** L: samples per stage after resampling (the paper's T = 5 of Table IV c). */
  stageLength: number;
  /** D: width of fused / static stage features, the decoder and the fusion. */
  featureSize: number;
  hse: {
    /** Per-joint embedding of (x, y, confidence). */
    embed: number;
    /** Channels per graph-convolution subset. */
    channels: number;
    layers: number;
    temporalKernel: number;
    /** Which of the three levels (torso, inner, outer) contribute (Table IV a). */
    levels: [boolean, boolean, boolean];
    edgeConv: boolean;
    /** Width of F_sk per frame. */
    out: number;
  };
  dve: {
    stem: number;
    /** Output channels of the inception-style units, each followed by a 1×2×2 max pool. */
    units: number[];
    /** Kernel sizes (time) of the mixed temporal convolutions (eq. 3: three layers). */
    mixedKernels: number[];
    out: number;
  };
  sve: {
    stem: number;
    /** Widths of the RegNetY-style blocks (each halves the resolution). */
    widths: number[];
    seReduction: number;
    /** Channels of the multi-branch downsampling conv. */
    down: number;
    out: number;
  };
  splashEmbed: number;
  /** Per-frame embedding width of the scene track (used when branches.sceneTrack). */
  sceneEmbed: number;
  /** Which scene track (sceneTrack.ts): "scene-track/2" adds the take-off geometry. Configs without it: "scene-track/1". */
  sceneTrackNormalisation: SceneTrackNormalisation;
  /** `gate`: the GRU's gate activation; configs without it are the hard-sigmoid GRU of packs before 1.1. */
  segmentation: { gruHidden: number; gate: GruGate };
  /**
   * `values`: which streams carry the fusion's values and residual. `visual` (the paper's eq. 8-11,
   * and configs without it): the visual stream, the skeletal one only steering the attention;
   * `both`: the visual and skeletal streams side by side, so what the skeletal stream carries (the
   * scene track's take-off height and board clearance, the splash trace) reaches the regression
   * itself. Only matters when both DVE and HSE are on.
   */
  fusion: { heads: number; ffn: number; values: FusionValues };
  decoder: { layers: number; heads: number; ffn: number };
  head: { hidden: number };
  /** Award-sum points per unit of the regression output (outputs are scaled by this in the graph). */
  scoreScale: number;
  /** Splash-score units per unit of the splash output. */
  splashScale: number;
}

export type FusionValues = 'visual' | 'both';
export const FUSION_VALUES: readonly FusionValues[] = ['visual', 'both'];

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Linear warm-up steps, then cosine decay to `finalLearningRate`. */
  warmupSteps: number;
  finalLearningRate: number;
  /** Global gradient-norm clip. */
  clipNorm: number;
  /** Weights of eq. 27's terms. */
  lossWeights: { aqa: number; splash: number; ce: number; cont: number };
  /** τ of the stage-wise contrastive loss (eq. 13–14). */
  temperature: number;
  /**
   * `noisy`: the simulated backend poses (the noise model); `clean`: ground truth; `app`: the app
   * pose stage's own poses of the rendered MP4s (cached by `npm run eval:app`, folder `appPoses`),
   * splash and scene track measured on the MP4's frames by the app's clip analysis.
   */
  poses: 'noisy' | 'clean' | 'app';
  /** With `poses: "app"`: folder of the cached app poses (relative to training/), one `<clip id>.json` per clip. */
  appPoses?: string;
  /**
   * Splash input and splash target: `simulated` = the simulator's exact white-water areas;
   * `measured` = src/pipeline/splash run on the rendered frames, the number the app measures on a clip.
   */
  splash: 'simulated' | 'measured';
  /**
   * `file`: the one noisy draw written per dive; `resampled`: the noise model drawn again over the
   * clean poses every epoch for the training clips (train/poseNoise.ts); a visual model keeps the
   * crop boxes of the written draw (its crops were cut with them). Configs without it: `file`.
   */
  poseNoise: 'file' | 'resampled';
  /**
   * `app`: every noisy draw (written or resampled, training and test alike) goes through the app's
   * pose post-processing — swap fix, gap repair, smoothing, with the pose stage's default options —
   * as a backend's poses do in the browser before they reach a pack; `none`: the raw draw. Configs
   * without it: `none`.
   */
  posePostprocess: 'none' | 'app';
  /**
   * The poses scene-track/2's take-off geometry is measured on. `input`: the poses the model gets;
   * `app`: the noisy draw post-processed as the app's pose stage does, whatever the model's pose input
   * — the browser measures the take-off on its post-processed poses, and the clearance reads better
   * from them (npm run check:clearance). Configs without it: `input`.
   */
  takeOffPoses: 'input' | 'app';
  /** Probability of a left-right mirrored pair (poses and frames together). */
  mirrorProbability: number;
  /** Evaluate on the held-out split every this many epochs (0: only at the end). */
  evalEvery: number;
  /** Exemplars voted over at evaluation (eq. 28). */
  voteN: number;
  /** Clips of the training split held out for validation (fraction). */
  validationFraction: number;
}

export interface PackConfig {
  id: string;
  name: string;
  version: string;
  description: string;
  /** Exemplars kept per dive number in the bank. */
  exemplarsPerDive: number;
}

export interface RunConfig {
  name: string;
  seed: number;
  /** Dataset root (FineDiving layout) relative to training/ or absolute. */
  data: string;
  /** The command (from the repository root) that makes `data`, for reproduction. */
  dataCommand?: string;
  /** Only use this many clips of each split (0 = all): for smoke runs. */
  limitClips: number;
  model: ModelConfig;
  train: TrainConfig;
  pack: PackConfig;
}

export const STAGES = 3;

/** Widths of the per-frame feature vector the encoder emits: [dy | sk | splash | scene | st]. */
export function frameFeatureLayout(model: ModelConfig): { dy: number; sk: number; splash: number; scene: number; st: number; total: number } {
  const dy = model.branches.dve ? model.dve.out : 0;
  const sk = model.branches.hse ? model.hse.out : 0;
  const splash = model.branches.splashInput ? model.splashEmbed : 0;
  const scene = model.branches.sceneTrack ? model.sceneEmbed : 0;
  const st = model.branches.sve ? model.sve.out : 0;
  return { dy, sk, splash, scene, st, total: dy + sk + splash + scene + st };
}

export function hasFusedStream(model: ModelConfig): boolean {
  return model.branches.dve || model.branches.hse;
}

export function usesPixels(model: ModelConfig): boolean {
  return model.branches.dve || model.branches.sve;
}

function fail(path: string, message: string): never {
  throw new Error(`config ${path} ${message}`);
}

function checkPositiveIntegers(value: unknown, path: string): void {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkPositiveIntegers(v, `${path}.${k}`);
    return;
  }
  if (typeof value === 'number' && !(Number.isInteger(value) && value > 0) && !/scale|rate|weight|temperature|probability|fraction|clip|aqa|splash$|ce|cont/i.test(path)) {
    fail(path, 'must be a positive integer');
  }
}

export function validateRunConfig(raw: unknown): RunConfig {
  if (typeof raw !== 'object' || raw === null) fail('', 'must be an object');
  const c = raw as RunConfig;
  if (typeof c.name !== 'string' || c.name.length === 0) fail('name', 'must be a non-empty string');
  if (!Number.isInteger(c.seed)) fail('seed', 'must be an integer');
  if (typeof c.data !== 'string') fail('data', 'must be a path');
  const m = c.model;
  if (typeof m !== 'object' || m === null) fail('model', 'must be an object');
  if (m.branches !== undefined && m.branches !== null && (m.branches as Partial<Branches>).sceneTrack === undefined) m.branches.sceneTrack = false; // configs before the scene track
  if (m.sceneEmbed === undefined) m.sceneEmbed = 8;
  if (m.sceneTrackNormalisation === undefined) m.sceneTrackNormalisation = 'scene-track/1'; // configs before scene-track/2
  if (!(SCENE_TRACK_NORMALISATIONS as readonly string[]).includes(m.sceneTrackNormalisation)) fail('model.sceneTrackNormalisation', `must be one of ${SCENE_TRACK_NORMALISATIONS.join(', ')}`);
  for (const b of ['dve', 'sve', 'hse', 'splashInput', 'sceneTrack'] as const) if (typeof m.branches?.[b] !== 'boolean') fail(`model.branches.${b}`, 'must be true or false');
  if (!m.branches.dve && !m.branches.sve && !m.branches.hse) fail('model.branches', 'must enable at least one of dve, sve, hse');
  checkPositiveIntegers({ ...m, branches: undefined, hse: { ...m.hse, levels: undefined, edgeConv: undefined } }, 'model');
  if (m.frames < 8) fail('model.frames', 'must be at least 8');
  if (m.featureSize % m.fusion.heads !== 0 || m.featureSize % m.decoder.heads !== 0) fail('model.featureSize', 'must be divisible by the fusion and decoder head counts');
  if (m.fusion.values === undefined) m.fusion.values = 'visual'; // configs of packs before 1.4
  if (!(FUSION_VALUES as readonly string[]).includes(m.fusion.values)) fail('model.fusion.values', `must be one of ${FUSION_VALUES.map((v) => `"${v}"`).join(', ')}`);
  if (m.segmentation.gate === undefined) m.segmentation.gate = 'hard-sigmoid'; // configs of packs before 1.1
  if (!['sigmoid', 'hard-sigmoid'].includes(m.segmentation.gate)) fail('model.segmentation.gate', 'must be "sigmoid" or "hard-sigmoid"');
  if (m.hse.levels.length !== 3 || !m.hse.levels.some(Boolean)) fail('model.hse.levels', 'must be three booleans, at least one true');
  const t = c.train;
  if (typeof t !== 'object' || t === null) fail('train', 'must be an object');
  if (!['noisy', 'clean', 'app'].includes(t.poses)) fail('train.poses', 'must be "noisy", "clean" or "app"');
  if (t.poses === 'app' && (typeof t.appPoses !== 'string' || t.appPoses === '')) fail('train.appPoses', 'must name the folder of cached app poses when train.poses is "app"');
  if (t.poses === 'app' && usesPixels(m)) fail('train.poses', '"app" serves pose packs only (no crops are cut from the MP4s)');
  if (t.splash === undefined) t.splash = 'simulated'; // packs written before the option existed
  if (!['simulated', 'measured'].includes(t.splash)) fail('train.splash', 'must be "simulated" or "measured"');
  if (t.poseNoise === undefined) t.poseNoise = 'file';
  if (!['file', 'resampled'].includes(t.poseNoise)) fail('train.poseNoise', 'must be "file" or "resampled"');
  if (t.poseNoise === 'resampled' && (t.poses !== 'noisy' || !m.branches.hse)) fail('train.poseNoise', '"resampled" needs noisy poses and the skeletal branch');
  if (t.posePostprocess === undefined) t.posePostprocess = 'none';
  if (!['none', 'app'].includes(t.posePostprocess)) fail('train.posePostprocess', 'must be "none" or "app"');
  if (t.posePostprocess === 'app' && t.poses !== 'noisy') fail('train.posePostprocess', '"app" post-processes the noisy poses; clean poses need none');
  if (t.takeOffPoses === undefined) t.takeOffPoses = 'input';
  if (!['input', 'app'].includes(t.takeOffPoses)) fail('train.takeOffPoses', 'must be "input" or "app"');
  if (t.takeOffPoses === 'app' && t.poses !== 'noisy') fail('train.takeOffPoses', '"app" measures the take-off on the post-processed noisy poses; clean poses need none');
  for (const k of ['epochs', 'batchSize', 'voteN'] as const) if (!Number.isInteger(t[k]) || t[k] <= 0) fail(`train.${k}`, 'must be a positive integer');
  if (!(t.learningRate > 0)) fail('train.learningRate', 'must be positive');
  if (!(t.temperature > 0)) fail('train.temperature', 'must be positive');
  const p = c.pack;
  if (typeof p !== 'object' || p === null || !/^[a-z0-9][a-z0-9-]*$/.test(p.id)) fail('pack.id', 'must be lower-case letters, digits and dashes');
  return c;
}

export function readRunConfig(path: string): RunConfig {
  return validateRunConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}
