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
import { z } from 'zod';
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
// The manifest and exemplar index schemas (zod). Every message is "<json path> <what is wrong>",
// e.g. "manifest.inputs.frames must be a positive integer", and one validation reports every
// problem at once. Rules that tie fields together run once the fields themselves are valid.

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PACK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const NON_EMPTY = 'must be a non-empty string';
const nonEmpty = () => z.string({ error: NON_EMPTY }).min(1, { error: NON_EMPTY });
const matching = (pattern: RegExp, words: string) => nonEmpty().regex(pattern, { error: `must be ${words}` });
const POSITIVE = 'must be a positive integer', NON_NEGATIVE = 'must be a non-negative integer';
const positiveInteger = () => z.number({ error: POSITIVE }).int({ error: POSITIVE }).positive({ error: POSITIVE });
const nonNegativeInteger = () => z.number({ error: NON_NEGATIVE }).int({ error: NON_NEGATIVE }).min(0, { error: NON_NEGATIVE });
const finite = () => z.number({ error: 'must be a finite number' });
const flag = () => z.boolean({ error: 'must be true or false' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: 'must be an object' });
const array = <T extends z.core.SomeType>(item: T) => z.array(item, { error: 'must be an array' });
/** Free text the app only shows: a missing or odd value reads as empty. */
const optionalText = () => z.string().catch('');

const tensorSpecSchema = object({
  name: nonEmpty(),
  dtype: oneOf(['float32', 'int64', 'int32']),
  shape: array(z.union([z.string().min(1), positiveInteger()], { error: 'must be a positive integer or a dimension name' })),
  description: optionalText(),
});

const graphSpecSchema = object({
  file: matching(FILE_NAME, 'a plain file name'),
  opset: positiveInteger().min(17, { error: 'must be at least 17' }),
  inputs: array(tensorSpecSchema).min(1, { error: 'must list at least one input' }),
  outputs: array(tensorSpecSchema).min(1, { error: 'must list at least one output' }),
});

const blockSchema = object({
  name: oneOf(['fused', 'static', 'poses']),
  dtype: oneOf(['float32', 'int16']),
  shape: array(positiveInteger()),
  offset: nonNegativeInteger(),
  byteLength: nonNegativeInteger(),
});

const inputSpecSchema = object({
  frames: positiveInteger(),
  sampling: z.literal('uniform', { error: 'must be "uniform"' }),
  crop: object({
    size: positiveInteger(),
    layout: oneOf(['NDHWC']),
    channels: oneOf(['rgb']),
    range: z.tuple([z.number(), z.number()], { error: 'must be [min, max]' }),
    box: oneOf(['pose-square']),
  }).nullable(),
  joints: object({
    set: oneOf(['mpii16']),
    order: z.custom<string[]>((v) => Array.isArray(v) && v.length === 16 && v.every((name) => typeof name === 'string'), { error: 'must list the 16 MPII joint names' }),
    normalisation: oneOf(['crop-centred']),
    channels: z.unknown().transform((): ['x', 'y', 'confidence'] => ['x', 'y', 'confidence']),
  }).nullable(),
  splash: object({ unit: oneOf(['diver-box-area']) }).nullish().transform((v) => v ?? null),
  sceneTrack: object({ normalisation: oneOf(SCENE_TRACK_NORMALISATIONS) }).nullish(),
}).transform(({ sceneTrack, ...rest }): InputSpec => (sceneTrack ? { ...rest, sceneTrack } : rest));

const manifestSchema = object({
  schema: z.literal(PACK_SCHEMA, { error: `must be "${PACK_SCHEMA}"` }),
  id: matching(PACK_ID, 'lower-case letters, digits and dashes'),
  name: nonEmpty(),
  version: matching(SEMVER, 'a version like 1.0.0'),
  description: optionalText(),
  createdAt: nonEmpty().refine((v) => !Number.isNaN(Date.parse(v)), { error: 'must be an ISO date' }),
  trainedOn: object({
    kind: oneOf(['simulated', 'dataset']),
    name: nonEmpty(),
    description: optionalText(),
    trainClips: nonNegativeInteger(),
    testClips: nonNegativeInteger(),
    poseSource: nonEmpty(),
  }),
  model: object({
    architecture: z.literal('HP-MCoRe', { error: 'must be "HP-MCoRe"' }),
    branches: object({ dve: flag(), sve: flag(), hse: flag(), splashInput: flag(), sceneTrack: flag().default(false) }),
    stages: z
      .custom<StageName[]>((v) => Array.isArray(v) && v.length === STAGE_NAMES.length && v.every((stage, k) => stage === STAGE_NAMES[k]), { error: `must be ${JSON.stringify(STAGE_NAMES)}` })
      .transform((): StageName[] => [...STAGE_NAMES]),
    stageLength: positiveInteger(),
    featureSize: positiveInteger(),
    frameFeatureSize: positiveInteger(),
    parameters: positiveInteger(),
    config: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
  }),
  inputs: inputSpecSchema,
  graphs: object({ encoder: graphSpecSchema, compare: graphSpecSchema }),
  outputs: object({ relativeScore: nonEmpty(), officialScore: nonEmpty(), splash: nonEmpty() }),
  exemplars: object({ index: matching(FILE_NAME, 'a plain file name'), data: matching(FILE_NAME, 'a plain file name'), count: positiveInteger(), blocks: array(blockSchema) }),
  voting: object({ defaultN: positiveInteger(), rule: oneOf(['same-dive-number']) }),
  metrics: array(
    object({
      split: nonEmpty(),
      data: nonEmpty(),
      clips: positiveInteger(),
      voteN: positiveInteger(),
      srcc: finite(),
      rl2x100: finite(),
      aiou50: finite(),
      aiou75: finite(),
      mae: finite().optional(),
    }),
  ),
  training: object({ epochs: nonNegativeInteger(), steps: nonNegativeInteger(), seconds: finite(), pairsPerSecond: finite(), machine: nonEmpty(), commands: array(nonEmpty()) }).optional(),
  files: z.record(z.string(), object({ sha256: matching(SHA256_HEX, '64 lower-case hex digits'), bytes: nonNegativeInteger() }), { error: 'must be an object' }),
}).superRefine((m, ctx) => {
  const fail = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { branches } = m.model;
  if (!branches.dve && !branches.hse) fail(['model', 'branches'], 'must enable dve or hse (the fusion needs one)');
  if ((branches.dve || branches.sve) && m.inputs.crop === null) fail(['inputs', 'crop'], 'must be set when a visual branch is enabled');
  if (branches.hse && m.inputs.joints === null) fail(['inputs', 'joints'], 'must be set when the skeletal branch is enabled');
  if (branches.splashInput && m.inputs.splash === null) fail(['inputs', 'splash'], 'must be set when branches.splashInput is true');
  if (branches.sceneTrack && !m.inputs.sceneTrack) fail(['inputs', 'sceneTrack'], 'must be set when branches.sceneTrack is true');
  const { count, blocks } = m.exemplars;
  blocks.forEach((block, k) => {
    if (block.offset % 4 !== 0) fail(['exemplars', 'blocks', k, 'offset'], 'must be a multiple of 4');
    if (block.shape[0] !== count) fail(['exemplars', 'blocks', k, 'shape', 0], `must equal manifest.exemplars.count (${count})`);
    const expected = block.shape.reduce((a, d) => a * d, 1) * BLOCK_ELEMENT_BYTES[block.dtype];
    if (block.byteLength !== expected) fail(['exemplars', 'blocks', k, 'byteLength'], `must be ${expected} for shape [${block.shape.join(', ')}] of ${block.dtype}`);
  });
  const fused = blocks.find((bl) => bl.name === 'fused');
  if (!fused) fail(['exemplars', 'blocks'], 'must contain a "fused" block');
  else {
    const want = [count, STAGE_NAMES.length * m.model.stageLength, m.model.featureSize];
    if (fused.shape.join() !== want.join()) fail(['exemplars', 'blocks', 'fused', 'shape'], `must be [${want.join(', ')}]`);
  }
  if (branches.sve && !blocks.some((bl) => bl.name === 'static')) fail(['exemplars', 'blocks'], 'must contain a "static" block when branches.sve is true');
  for (const fileName of Object.keys(m.files)) {
    if (!FILE_NAME.test(fileName) || fileName === MANIFEST_FILE) fail(['files', fileName], 'must name a plain file other than manifest.json');
  }
  for (const [path, fileName] of [
    [['graphs', 'encoder', 'file'], m.graphs.encoder.file],
    [['graphs', 'compare', 'file'], m.graphs.compare.file],
    [['exemplars', 'index'], m.exemplars.index],
    [['exemplars', 'data'], m.exemplars.data],
  ] as const) {
    if (!(fileName in m.files)) fail([...path], `names "${fileName}", which manifest.files does not list`);
  }
  const dataEntry = m.files[m.exemplars.data];
  if (dataEntry) {
    for (const bl of blocks) {
      if (bl.offset + bl.byteLength > dataEntry.bytes) fail(['exemplars', 'blocks', bl.name], `ends at byte ${bl.offset + bl.byteLength}, past the end of ${m.exemplars.data} (${dataEntry.bytes} bytes)`);
    }
  }
});

const BLOCK_ELEMENT_BYTES: Record<BlockDtype, number> = { float32: 4, int16: 2 };

/** "manifest.files[\"encoder.onnx\"].sha256": a zod issue path as the JSON path a reader types. */
function jsonPath(root: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg) ? `${out}.${seg}` : `${out}[${JSON.stringify(String(seg))}]`), root);
}

function issuesOf(root: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${jsonPath(root, issue.path)} ${issue.message}`);
}

// The schema's output is the manifest type: a change to one without the other fails to compile.
type SchemaMatches<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const manifestTypeMatches: SchemaMatches<z.output<typeof manifestSchema>, PackManifest> = true;
void manifestTypeMatches;

/**
 * Checks a parsed manifest.json. Returns the typed manifest, or every problem found, each as
 * "<json path> <what is wrong>", e.g. "manifest.inputs.frames must be a positive integer".
 */
export function validateManifest(value: unknown): PackResult<PackManifest> {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesOf('manifest', parsed.error) };
}

const exemplarRecordSchema = object({
  id: nonEmpty(),
  diveNumber: nonEmpty(),
  height: finite(),
  dd: finite().positive({ error: 'must be positive' }),
  awards: array(finite()),
  officialScore: finite(),
  awardSum: finite(),
  splashScore: finite(),
  source: nonEmpty(),
  transitions: z.tuple([nonNegativeInteger(), nonNegativeInteger()], { error: 'must be [takeOffEnd, entryStart]' }),
});

/** Checks one exemplars.json entry list against the manifest. */
export function validateExemplarIndex(value: unknown, manifest: PackManifest): PackResult<ExemplarRecord[]> {
  const frames = manifest.inputs.frames;
  const schema = array(
    exemplarRecordSchema.refine((r) => r.transitions[0] <= r.transitions[1] && r.transitions[1] < frames, { error: `must be ordered and below inputs.frames (${frames})`, path: ['transitions'] }),
  ).length(manifest.exemplars.count, { error: `must list ${manifest.exemplars.count} exemplars (manifest.exemplars.count), not ${Array.isArray(value) ? value.length : 0}` });
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesOf(manifest.exemplars.index, parsed.error) };
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
