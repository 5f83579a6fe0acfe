/**
 * Model packs: the one contract between the trainer (training/) and the app.
 *
 * A pack is a folder `models/<pack-id>/` holding
 *   manifest.json     this module's `PackManifest` (schema "divejudge.aqa-pack/1")
 *   encoder.onnx      run once per clip: per-frame features + stage-transition probabilities
 *   compare.onnx      run once per clip for a batch of N exemplars: relative scores per exemplar
 *   exemplars.json    the exemplar index (`ExemplarRecord[]`, one per exemplar, in bank order)
 *   exemplars.bin     the exemplar bank: little-endian blocks described by `manifest.exemplars.blocks`
 *
 * Exemplar bank layout (exemplars.bin): a sequence of dense, row-major blocks, each starting at a
 * byte offset that is a multiple of 4; the first dimension of every block is the exemplar count.
 *   fused    float32 [count, K·L, D]   fused stage features (eq. 11), the compare graph's `exemplar_fused`
 *   static   float32 [count, K·L, D]   static stage features (eq. 2 resampled), `exemplar_static` (SVE packs)
 *   poses    int16   [count, T, 16, 2] the exemplar's model-input pose (crop-normalised x, y × 1000), for display
 * Exemplar i's rows are row i of every block. A reader takes a block with
 * `readExemplarBlock(bank, block)` and slices row i itself.
 *
 * Framework-free: no Node APIs, no onnxruntime. Hashing is passed in (`Sha256`), or use
 * `webCryptoSha256` (WebCrypto: browsers, workers and Node ≥ 20 all have `crypto.subtle`).
 */
import { SCENE_TRACK_NORMALISATIONS } from './sceneTrack.ts';
import type { SceneTrackNormalisation } from './sceneTrack.ts';

export const PACK_SCHEMA = 'divejudge.aqa-pack/1';
export const MANIFEST_FILE = 'manifest.json';
export const STAGE_NAMES = ['take-off', 'flight', 'entry'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export type TensorDtype = 'float32' | 'int64' | 'int32';
export type BlockDtype = 'float32' | 'int16';

/** A graph input or output: name, element type, shape (a string is a symbolic dimension, e.g. "N"). */
export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  shape: Array<number | string>;
  description: string;
}

export interface GraphSpec {
  file: string;
  opset: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface Branches {
  /** Dynamic visual encoder (I3D-style 3D convolutions, eq. 3). */
  dve: boolean;
  /** Static visual encoder (RegNetY-style blocks + multi-branch downsampling, eq. 2). */
  sve: boolean;
  /** Hierarchical skeletal encoder (eq. 4–5). */
  hse: boolean;
  /** A per-frame splash-area input measured outside the model (pose-only packs). */
  splashInput: boolean;
  /** The scene track input (sceneTrack.ts: the diver placed in the scene, camera motion undone — what the diver-centred inputs cannot see: take-off height, distance from the board). Absent in packs and configs before 1.2: false. */
  sceneTrack: boolean;
}

export interface TrainedOn {
  /** `simulated`: DiveJudge's simulator; `dataset`: a real dataset named in `name`. */
  kind: 'simulated' | 'dataset';
  name: string;
  description: string;
  trainClips: number;
  testClips: number;
  /** Where the training poses came from, e.g. "simulator noise model" or "FineDiving-Pose". */
  poseSource: string;
}

export interface InputSpec {
  /** Frames sampled uniformly over the clip (first to last frame, inclusive). */
  frames: number;
  sampling: 'uniform';
  /** Diver-centred square crops, or null when the pack has no visual branch. */
  crop: null | {
    size: number;
    layout: 'NDHWC';
    channels: 'rgb';
    /** Pixel values divided by 255. */
    range: [number, number];
    /** How the crop box is found: `pose-square` = inputs.ts `cropBoxesFromPoses`. */
    box: 'pose-square';
  };
  joints: null | {
    set: 'mpii16';
    order: string[];
    /** `crop-centred`: inputs.ts `normalisePoseToCrops` (x, y in half-crop units, confidence). */
    normalisation: 'crop-centred';
    channels: ['x', 'y', 'confidence'];
  };
  splash: null | {
    /**
     * White-water area ÷ the diver's reference area per frame (src/pipeline/splash
     * `SplashMeasurement.trace`, placed with inputs.ts `splashAreasPerFrame`, 0 before entry), sampled like the frames.
     */
    unit: 'diver-box-area';
  };
  /**
   * sceneTrack.ts over the camera path of every frame (src/pipeline/splash/cameraPath.ts): `scene-track/1`
   * 5 channels; `scene-track/2` adds the take-off geometry (takeOff.ts) over the poses of every frame, 7. Absent: no scene track.
   */
  sceneTrack?: null | { normalisation: SceneTrackNormalisation };
}

export interface OutputSpec {
  /** What the score outputs mean: relative award sums (sum of the counted judges' awards / 3). */
  relativeScore: string;
  /** How the app turns a vote into an official score. */
  officialScore: string;
  splash: string;
}

export interface MetricRecord {
  split: string;
  /** The data the figures were measured on, e.g. "simulated test split, noisy poses, seed 7". */
  data: string;
  clips: number;
  voteN: number;
  srcc: number;
  rl2x100: number;
  aiou50: number;
  aiou75: number;
  /** Mean absolute error in points (records written by `npm run eval:app`). */
  mae?: number;
}

export interface ExemplarBlock {
  name: 'fused' | 'static' | 'poses';
  dtype: BlockDtype;
  shape: number[];
  offset: number;
  byteLength: number;
}

export interface ExemplarsSpec {
  index: string;
  data: string;
  count: number;
  blocks: ExemplarBlock[];
}

export interface FileEntry {
  sha256: string;
  bytes: number;
}

export interface ModelSpec {
  architecture: 'HP-MCoRe';
  branches: Branches;
  stages: StageName[];
  /** Samples per stage after resampling (L). */
  stageLength: number;
  /** Width of the fused / static stage features (D). */
  featureSize: number;
  /** Width of the encoder's per-frame features. */
  frameFeatureSize: number;
  parameters: number;
  /** The training config, verbatim, for reproduction. */
  config: Record<string, unknown>;
}

/** How the pack's model was trained (for the record; the app does not need it). */
export interface TrainingRecord {
  epochs: number;
  steps: number;
  seconds: number;
  pairsPerSecond: number;
  /** Machine and runtime, e.g. "2-core x86-64, Node 20, tfjs-backend-wasm". */
  machine: string;
  /** The commands that reproduce the pack. */
  commands: string[];
}

export interface PackManifest {
  schema: typeof PACK_SCHEMA;
  id: string;
  name: string;
  version: string;
  description: string;
  createdAt: string;
  trainedOn: TrainedOn;
  model: ModelSpec;
  inputs: InputSpec;
  graphs: { encoder: GraphSpec; compare: GraphSpec };
  outputs: OutputSpec;
  exemplars: ExemplarsSpec;
  voting: { defaultN: number; rule: 'same-dive-number' };
  metrics: MetricRecord[];
  training?: TrainingRecord;
  files: Record<string, FileEntry>;
}

/** One exemplar in exemplars.json. Row `i` of every bank block belongs to entry `i`. */
export interface ExemplarRecord {
  id: string;
  diveNumber: string;
  /** Board or platform height, metres (1, 3, 5, 7.5, 10). */
  height: number;
  dd: number;
  awards: number[];
  officialScore: number;
  /** officialScore / dd: the sum of the counted awards (the model's score space). */
  awardSum: number;
  splashScore: number;
  /** Where it comes from, e.g. "sim:seed7/train/0042" or "FineDiving 01/10". */
  source: string;
  /** Model-input frame indices of [take-off end, entry start] (the stage boundaries used). */
  transitions: [number, number];
}

export type Sha256 = (bytes: Uint8Array) => Promise<string>;

export type PackResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

// ---------------------------------------------------------------------------------------------
// Small checking helpers: each records a precise message with the JSON path and goes on, so one
// validation reports every problem at once.

class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    this.errors.push(`${path} ${message}`);
  }

  object(value: unknown, path: string): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return null;
    }
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string, pattern?: RegExp, patternText?: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(path, 'must be a non-empty string');
      return '';
    }
    if (pattern && !pattern.test(value)) this.fail(path, `must be ${patternText ?? `like ${String(pattern)}`}`);
    return value;
  }

  literal<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
      return allowed[0] as T;
    }
    return value as T;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return false;
    }
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, 'must be a finite number');
      return 0;
    }
    return value;
  }

  positiveInteger(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      this.fail(path, 'must be a positive integer');
      return 0;
    }
    return value;
  }

  nonNegativeInteger(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.fail(path, 'must be a non-negative integer');
      return 0;
    }
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return [];
    }
    return value;
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PACK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function checkTensorSpec(c: Checker, value: unknown, path: string): TensorSpec {
  const o = c.object(value, path) ?? {};
  const shape = c.array(o.shape, `${path}.shape`);
  shape.forEach((d, i) => {
    if (typeof d === 'string') {
      if (d.length === 0) c.fail(`${path}.shape[${i}]`, 'must be a positive integer or a dimension name');
    } else c.positiveInteger(d, `${path}.shape[${i}]`);
  });
  return {
    name: c.string(o.name, `${path}.name`),
    dtype: c.literal(o.dtype, `${path}.dtype`, ['float32', 'int64', 'int32'] as const),
    shape: shape as Array<number | string>,
    description: typeof o.description === 'string' ? o.description : '',
  };
}

function checkGraph(c: Checker, value: unknown, path: string): GraphSpec {
  const o = c.object(value, path) ?? {};
  const opset = c.positiveInteger(o.opset, `${path}.opset`);
  if (opset > 0 && opset < 17) c.fail(`${path}.opset`, 'must be at least 17');
  const inputs = c.array(o.inputs, `${path}.inputs`).map((t, i) => checkTensorSpec(c, t, `${path}.inputs[${i}]`));
  const outputs = c.array(o.outputs, `${path}.outputs`).map((t, i) => checkTensorSpec(c, t, `${path}.outputs[${i}]`));
  if (inputs.length === 0) c.fail(`${path}.inputs`, 'must list at least one input');
  if (outputs.length === 0) c.fail(`${path}.outputs`, 'must list at least one output');
  return { file: c.string(o.file, `${path}.file`, FILE_NAME, 'a plain file name'), opset, inputs, outputs };
}

const BLOCK_ELEMENT_BYTES: Record<BlockDtype, number> = { float32: 4, int16: 2 };

/**
 * Checks a parsed manifest.json. Returns the typed manifest, or every problem found, each as
 * "<json path> <what is wrong>", e.g. "manifest.inputs.frames must be a positive integer".
 */
export function validateManifest(value: unknown): PackResult<PackManifest> {
  const c = new Checker();
  const m = c.object(value, 'manifest');
  if (!m) return { ok: false, errors: c.errors };
  if (m.schema !== PACK_SCHEMA) c.fail('manifest.schema', `must be "${PACK_SCHEMA}"`);
  const id = c.string(m.id, 'manifest.id', PACK_ID, 'lower-case letters, digits and dashes');
  const name = c.string(m.name, 'manifest.name');
  const version = c.string(m.version, 'manifest.version', SEMVER, 'a version like 1.0.0');
  const description = typeof m.description === 'string' ? m.description : '';
  const createdAt = c.string(m.createdAt, 'manifest.createdAt');
  if (createdAt && Number.isNaN(Date.parse(createdAt))) c.fail('manifest.createdAt', 'must be an ISO date');

  const t = c.object(m.trainedOn, 'manifest.trainedOn') ?? {};
  const trainedOn: TrainedOn = {
    kind: c.literal(t.kind, 'manifest.trainedOn.kind', ['simulated', 'dataset'] as const),
    name: c.string(t.name, 'manifest.trainedOn.name'),
    description: typeof t.description === 'string' ? t.description : '',
    trainClips: c.nonNegativeInteger(t.trainClips, 'manifest.trainedOn.trainClips'),
    testClips: c.nonNegativeInteger(t.testClips, 'manifest.trainedOn.testClips'),
    poseSource: c.string(t.poseSource, 'manifest.trainedOn.poseSource'),
  };

  const mo = c.object(m.model, 'manifest.model') ?? {};
  if (mo.architecture !== 'HP-MCoRe') c.fail('manifest.model.architecture', 'must be "HP-MCoRe"');
  const b = c.object(mo.branches, 'manifest.model.branches') ?? {};
  const branches: Branches = {
    dve: c.boolean(b.dve, 'manifest.model.branches.dve'),
    sve: c.boolean(b.sve, 'manifest.model.branches.sve'),
    hse: c.boolean(b.hse, 'manifest.model.branches.hse'),
    splashInput: c.boolean(b.splashInput, 'manifest.model.branches.splashInput'),
    sceneTrack: b.sceneTrack === undefined ? false : c.boolean(b.sceneTrack, 'manifest.model.branches.sceneTrack'),
  };
  if (!branches.dve && !branches.hse) c.fail('manifest.model.branches', 'must enable dve or hse (the fusion needs one)');
  const stages = c.array(mo.stages, 'manifest.model.stages');
  if (stages.length !== STAGE_NAMES.length || stages.some((s, i) => s !== STAGE_NAMES[i])) {
    c.fail('manifest.model.stages', `must be ${JSON.stringify(STAGE_NAMES)}`);
  }
  const model: ModelSpec = {
    architecture: 'HP-MCoRe',
    branches,
    stages: [...STAGE_NAMES],
    stageLength: c.positiveInteger(mo.stageLength, 'manifest.model.stageLength'),
    featureSize: c.positiveInteger(mo.featureSize, 'manifest.model.featureSize'),
    frameFeatureSize: c.positiveInteger(mo.frameFeatureSize, 'manifest.model.frameFeatureSize'),
    parameters: c.positiveInteger(mo.parameters, 'manifest.model.parameters'),
    config: c.object(mo.config, 'manifest.model.config') ?? {},
  };

  const i = c.object(m.inputs, 'manifest.inputs') ?? {};
  const frames = c.positiveInteger(i.frames, 'manifest.inputs.frames');
  if (i.sampling !== 'uniform') c.fail('manifest.inputs.sampling', 'must be "uniform"');
  let crop: InputSpec['crop'] = null;
  if (i.crop !== null) {
    const cr = c.object(i.crop, 'manifest.inputs.crop') ?? {};
    const range = c.array(cr.range, 'manifest.inputs.crop.range');
    if (range.length !== 2 || range.some((v) => typeof v !== 'number')) c.fail('manifest.inputs.crop.range', 'must be [min, max]');
    crop = {
      size: c.positiveInteger(cr.size, 'manifest.inputs.crop.size'),
      layout: c.literal(cr.layout, 'manifest.inputs.crop.layout', ['NDHWC'] as const),
      channels: c.literal(cr.channels, 'manifest.inputs.crop.channels', ['rgb'] as const),
      range: [Number(range[0]), Number(range[1])],
      box: c.literal(cr.box, 'manifest.inputs.crop.box', ['pose-square'] as const),
    };
  }
  if ((branches.dve || branches.sve) && crop === null) c.fail('manifest.inputs.crop', 'must be set when a visual branch is enabled');
  let joints: InputSpec['joints'] = null;
  if (i.joints !== null) {
    const jo = c.object(i.joints, 'manifest.inputs.joints') ?? {};
    const order = c.array(jo.order, 'manifest.inputs.joints.order');
    if (order.length !== 16 || order.some((n) => typeof n !== 'string')) c.fail('manifest.inputs.joints.order', 'must list the 16 MPII joint names');
    joints = {
      set: c.literal(jo.set, 'manifest.inputs.joints.set', ['mpii16'] as const),
      order: order as string[],
      normalisation: c.literal(jo.normalisation, 'manifest.inputs.joints.normalisation', ['crop-centred'] as const),
      channels: ['x', 'y', 'confidence'],
    };
  }
  if (branches.hse && joints === null) c.fail('manifest.inputs.joints', 'must be set when the skeletal branch is enabled');
  let splash: InputSpec['splash'] = null;
  if (i.splash !== null && i.splash !== undefined) {
    const so = c.object(i.splash, 'manifest.inputs.splash') ?? {};
    splash = { unit: c.literal(so.unit, 'manifest.inputs.splash.unit', ['diver-box-area'] as const) };
  }
  if (branches.splashInput && splash === null) c.fail('manifest.inputs.splash', 'must be set when branches.splashInput is true');
  let sceneTrackSpec: InputSpec['sceneTrack'] = null;
  if (i.sceneTrack !== null && i.sceneTrack !== undefined) {
    const so = c.object(i.sceneTrack, 'manifest.inputs.sceneTrack') ?? {};
    sceneTrackSpec = { normalisation: c.literal(so.normalisation, 'manifest.inputs.sceneTrack.normalisation', SCENE_TRACK_NORMALISATIONS) };
  }
  if (branches.sceneTrack && sceneTrackSpec === null) c.fail('manifest.inputs.sceneTrack', 'must be set when branches.sceneTrack is true');
  const inputs: InputSpec = { frames, sampling: 'uniform', crop, joints, splash, ...(sceneTrackSpec ? { sceneTrack: sceneTrackSpec } : {}) };

  const g = c.object(m.graphs, 'manifest.graphs') ?? {};
  const graphs = { encoder: checkGraph(c, g.encoder, 'manifest.graphs.encoder'), compare: checkGraph(c, g.compare, 'manifest.graphs.compare') };

  const ou = c.object(m.outputs, 'manifest.outputs') ?? {};
  const outputs: OutputSpec = {
    relativeScore: c.string(ou.relativeScore, 'manifest.outputs.relativeScore'),
    officialScore: c.string(ou.officialScore, 'manifest.outputs.officialScore'),
    splash: c.string(ou.splash, 'manifest.outputs.splash'),
  };

  const e = c.object(m.exemplars, 'manifest.exemplars') ?? {};
  const count = c.positiveInteger(e.count, 'manifest.exemplars.count');
  const blocks = c.array(e.blocks, 'manifest.exemplars.blocks').map((value, k): ExemplarBlock => {
    const p = `manifest.exemplars.blocks[${k}]`;
    const bo = c.object(value, p) ?? {};
    const block: ExemplarBlock = {
      name: c.literal(bo.name, `${p}.name`, ['fused', 'static', 'poses'] as const),
      dtype: c.literal(bo.dtype, `${p}.dtype`, ['float32', 'int16'] as const),
      shape: c.array(bo.shape, `${p}.shape`).map((d, n) => c.positiveInteger(d, `${p}.shape[${n}]`)),
      offset: c.nonNegativeInteger(bo.offset, `${p}.offset`),
      byteLength: c.nonNegativeInteger(bo.byteLength, `${p}.byteLength`),
    };
    if (block.offset % 4 !== 0) c.fail(`${p}.offset`, 'must be a multiple of 4');
    if (block.shape[0] !== count) c.fail(`${p}.shape[0]`, `must equal manifest.exemplars.count (${count})`);
    const expected = block.shape.reduce((a, d) => a * d, 1) * BLOCK_ELEMENT_BYTES[block.dtype];
    if (block.byteLength !== expected) c.fail(`${p}.byteLength`, `must be ${expected} for shape [${block.shape.join(', ')}] of ${block.dtype}`);
    return block;
  });
  const fused = blocks.find((bl) => bl.name === 'fused');
  if (!fused) c.fail('manifest.exemplars.blocks', 'must contain a "fused" block');
  else {
    const want = [count, STAGE_NAMES.length * model.stageLength, model.featureSize];
    if (fused.shape.join() !== want.join()) c.fail('manifest.exemplars.blocks.fused.shape', `must be [${want.join(', ')}]`);
  }
  if (branches.sve && !blocks.some((bl) => bl.name === 'static')) c.fail('manifest.exemplars.blocks', 'must contain a "static" block when branches.sve is true');
  const exemplars: ExemplarsSpec = {
    index: c.string(e.index, 'manifest.exemplars.index', FILE_NAME, 'a plain file name'),
    data: c.string(e.data, 'manifest.exemplars.data', FILE_NAME, 'a plain file name'),
    count,
    blocks,
  };

  const v = c.object(m.voting, 'manifest.voting') ?? {};
  const voting = { defaultN: c.positiveInteger(v.defaultN, 'manifest.voting.defaultN'), rule: c.literal(v.rule, 'manifest.voting.rule', ['same-dive-number'] as const) };

  const metrics = c.array(m.metrics, 'manifest.metrics').map((value, k): MetricRecord => {
    const p = `manifest.metrics[${k}]`;
    const mr = c.object(value, p) ?? {};
    return {
      split: c.string(mr.split, `${p}.split`),
      data: c.string(mr.data, `${p}.data`),
      clips: c.positiveInteger(mr.clips, `${p}.clips`),
      voteN: c.positiveInteger(mr.voteN, `${p}.voteN`),
      srcc: c.number(mr.srcc, `${p}.srcc`),
      rl2x100: c.number(mr.rl2x100, `${p}.rl2x100`),
      aiou50: c.number(mr.aiou50, `${p}.aiou50`),
      aiou75: c.number(mr.aiou75, `${p}.aiou75`),
      ...(mr.mae === undefined ? {} : { mae: c.number(mr.mae, `${p}.mae`) }),
    };
  });

  let training: TrainingRecord | undefined;
  if (m.training !== undefined) {
    const tr = c.object(m.training, 'manifest.training') ?? {};
    training = {
      epochs: c.nonNegativeInteger(tr.epochs, 'manifest.training.epochs'),
      steps: c.nonNegativeInteger(tr.steps, 'manifest.training.steps'),
      seconds: c.number(tr.seconds, 'manifest.training.seconds'),
      pairsPerSecond: c.number(tr.pairsPerSecond, 'manifest.training.pairsPerSecond'),
      machine: c.string(tr.machine, 'manifest.training.machine'),
      commands: c.array(tr.commands, 'manifest.training.commands').map((x, k) => c.string(x, `manifest.training.commands[${k}]`)),
    };
  }

  const f = c.object(m.files, 'manifest.files') ?? {};
  const files: Record<string, FileEntry> = {};
  for (const [fileName, entry] of Object.entries(f)) {
    const p = `manifest.files["${fileName}"]`;
    if (!FILE_NAME.test(fileName) || fileName === MANIFEST_FILE) c.fail(p, 'must name a plain file other than manifest.json');
    const fe = c.object(entry, p) ?? {};
    files[fileName] = { sha256: c.string(fe.sha256, `${p}.sha256`, SHA256_HEX, '64 lower-case hex digits'), bytes: c.nonNegativeInteger(fe.bytes, `${p}.bytes`) };
  }
  for (const [what, fileName] of [
    ['manifest.graphs.encoder.file', graphs.encoder.file],
    ['manifest.graphs.compare.file', graphs.compare.file],
    ['manifest.exemplars.index', exemplars.index],
    ['manifest.exemplars.data', exemplars.data],
  ] as const) {
    if (fileName && !(fileName in files)) c.fail(what, `names "${fileName}", which manifest.files does not list`);
  }
  const dataEntry = files[exemplars.data];
  if (dataEntry) {
    for (const bl of blocks) {
      if (bl.offset + bl.byteLength > dataEntry.bytes) c.fail(`manifest.exemplars.blocks.${bl.name}`, `ends at byte ${bl.offset + bl.byteLength}, past the end of ${exemplars.data} (${dataEntry.bytes} bytes)`);
    }
  }

  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      schema: PACK_SCHEMA, id, name, version, description, createdAt, trainedOn, model, inputs, graphs, outputs, exemplars, voting, metrics,
      ...(training ? { training } : {}),
      files,
    },
  };
}

/** Checks one exemplars.json entry list against the manifest. */
export function validateExemplarIndex(value: unknown, manifest: PackManifest): PackResult<ExemplarRecord[]> {
  const c = new Checker();
  const name = manifest.exemplars.index;
  const list = c.array(value, name);
  if (list.length !== manifest.exemplars.count) c.fail(name, `must list ${manifest.exemplars.count} exemplars (manifest.exemplars.count), not ${list.length}`);
  const frames = manifest.inputs.frames;
  const records = list.map((item, k): ExemplarRecord => {
    const p = `${name}[${k}]`;
    const o = c.object(item, p) ?? {};
    const awards = c.array(o.awards, `${p}.awards`).map((a, n) => c.number(a, `${p}.awards[${n}]`));
    const tr = c.array(o.transitions, `${p}.transitions`).map((a, n) => c.nonNegativeInteger(a, `${p}.transitions[${n}]`));
    if (tr.length !== 2) c.fail(`${p}.transitions`, 'must be [takeOffEnd, entryStart]');
    else if (!((tr[0] ?? 0) <= (tr[1] ?? 0) && (tr[1] ?? 0) < frames)) c.fail(`${p}.transitions`, `must be ordered and below inputs.frames (${frames})`);
    const dd = c.number(o.dd, `${p}.dd`);
    if (dd <= 0) c.fail(`${p}.dd`, 'must be positive');
    return {
      id: c.string(o.id, `${p}.id`),
      diveNumber: c.string(o.diveNumber, `${p}.diveNumber`),
      height: c.number(o.height, `${p}.height`),
      dd,
      awards,
      officialScore: c.number(o.officialScore, `${p}.officialScore`),
      awardSum: c.number(o.awardSum, `${p}.awardSum`),
      splashScore: c.number(o.splashScore, `${p}.splashScore`),
      source: c.string(o.source, `${p}.source`),
      transitions: [tr[0] ?? 0, tr[1] ?? 0],
    };
  });
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, value: records };
}

/** The files of a pack as bytes, keyed by file name (manifest.json included or not). */
export type PackFiles = Record<string, Uint8Array>;

export interface ValidPack {
  manifest: PackManifest;
  exemplars: ExemplarRecord[];
}

/**
 * Validates a whole pack: manifest schema, every listed file present with its byte count and
 * sha256, no stray files, and the exemplar index against the bank. Errors name the file, e.g.
 * "exemplars.bin: sha256 mismatch".
 */
export async function validatePack(manifestJson: unknown, files: PackFiles, sha256: Sha256): Promise<PackResult<ValidPack>> {
  const parsed = validateManifest(manifestJson);
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;
  const errors: string[] = [];
  for (const [fileName, entry] of Object.entries(manifest.files)) {
    const bytes = files[fileName];
    if (!bytes) {
      errors.push(`${fileName}: missing from the pack`);
      continue;
    }
    if (bytes.byteLength !== entry.bytes) errors.push(`${fileName}: size mismatch (${bytes.byteLength} bytes, manifest says ${entry.bytes})`);
    const digest = (await sha256(bytes)).toLowerCase();
    if (digest !== entry.sha256) errors.push(`${fileName}: sha256 mismatch`);
  }
  for (const fileName of Object.keys(files)) {
    if (fileName !== MANIFEST_FILE && !(fileName in manifest.files)) errors.push(`${fileName}: not listed in manifest.files`);
  }
  if (errors.length > 0) return { ok: false, errors };
  let indexJson: unknown;
  try {
    indexJson = JSON.parse(new TextDecoder().decode(files[manifest.exemplars.index]));
  } catch (error) {
    return { ok: false, errors: [`${manifest.exemplars.index}: not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  const index = validateExemplarIndex(indexJson, manifest);
  if (!index.ok) return index;
  return { ok: true, value: { manifest, exemplars: index.value } };
}

/** sha256 as lower-case hex with WebCrypto (browser, worker, Node ≥ 20). */
export const webCryptoSha256: Sha256 = async (bytes) => {
  // Copy into a fresh ArrayBuffer: subtle.digest rejects views of SharedArrayBuffers.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copy.buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
};

/** A block of the exemplar bank as a typed array (copied, so alignment never matters). */
export function readExemplarBlock(bank: Uint8Array, block: ExemplarBlock): Float32Array | Int16Array {
  const slice = bank.slice(block.offset, block.offset + block.byteLength);
  return block.dtype === 'float32' ? new Float32Array(slice.buffer) : new Int16Array(slice.buffer);
}

/** Row `i` of a block (one exemplar's tensor), and the per-row element count. */
export function exemplarRow<A extends Float32Array | Int16Array>(data: A, block: ExemplarBlock, i: number): A {
  const rowSize = block.shape.slice(1).reduce((a, d) => a * d, 1);
  return data.subarray(i * rowSize, (i + 1) * rowSize) as A;
}

/** Lays out named blocks back to back (4-byte aligned) and returns the bank bytes + descriptors. */
export function buildExemplarBank(blocks: Array<{ name: ExemplarBlock['name']; shape: number[]; data: Float32Array | Int16Array }>): { bytes: Uint8Array; blocks: ExemplarBlock[] } {
  const descriptors: ExemplarBlock[] = [];
  let offset = 0;
  for (const b of blocks) {
    const dtype: BlockDtype = b.data instanceof Float32Array ? 'float32' : 'int16';
    const byteLength = b.data.byteLength;
    const expected = b.shape.reduce((a, d) => a * d, 1) * BLOCK_ELEMENT_BYTES[dtype];
    if (expected !== byteLength) throw new Error(`exemplar block ${b.name}: ${byteLength} bytes for shape [${b.shape.join(', ')}]`);
    descriptors.push({ name: b.name, dtype, shape: b.shape, offset, byteLength });
    offset += Math.ceil(byteLength / 4) * 4;
  }
  const bytes = new Uint8Array(offset);
  blocks.forEach((b, k) => {
    const d = descriptors[k];
    if (d) bytes.set(new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength), d.offset);
  });
  return { bytes, blocks: descriptors };
}
