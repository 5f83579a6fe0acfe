/**
 * Builds the MediaPipe Tasks PoseLandmarker bundles in models/pose/ (lite, full, heavy) from the
 * weights that the npm package @mediapipe/pose ships, entirely offline:
 *
 *   1. Takes pose_detection.tflite out of pose_solution_packed_assets.data, at the offsets that
 *      pose_solution_packed_assets_loader.js lists.
 *   2. Adds TFLite model metadata (a "TFLITE_METADATA" entry holding a ModelMetadata flatbuffer)
 *      to the detector and to each landmark model: the input image's RGB colour space and its
 *      NormalizationOptions, without which @mediapipe/tasks-vision refuses float models; plus
 *      names and descriptions of the output tensors. The weights and the graph are untouched.
 *   3. Packs pose_detector.tflite + pose_landmarks_detector.tflite into an uncompressed zip,
 *      the `.task` format (tasks-vision reads the models in place, so a compressed entry fails).
 *   4. Writes models/pose/bundles.json: sizes, sha256 and the source of every file.
 *
 * Needs `flatc` (Debian/Ubuntu: flatbuffers-compiler). The TFLite schemas it needs are committed
 * in models/pose/schema/. The zip is written here (stored entries, CRC-32, fixed timestamps,
 * data aligned to 64 bytes), so the output is byte-identical on every run.
 *
 * Run: npm run build:pose-bundles
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'models', 'pose');
const SCHEMA_DIR = join(OUT_DIR, 'schema');
const TFLITE_SCHEMA = join(SCHEMA_DIR, 'schema.fbs');
const METADATA_SCHEMA = join(SCHEMA_DIR, 'metadata_schema.fbs');
const SOURCE_PACKAGE = '@mediapipe/pose';
const DETECTOR_MEMBER = 'pose_detection.tflite';
const PACKED_DATA = 'pose_solution_packed_assets.data';
const PACKED_LOADER = 'pose_solution_packed_assets_loader.js';
const VARIANTS = ['lite', 'full', 'heavy'] as const;
type Variant = (typeof VARIANTS)[number];
const ZIP_ALIGN = 64;
const METADATA_NAME = 'TFLITE_METADATA';

// ── small helpers ────────────────────────────────────────────────────────────────────────────

function fail(message: string): never {
  console.error(`build-pose-bundles: ${message}`);
  process.exit(1);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

function flatc(args: string[]): void {
  const result = spawnSync('flatc', args, { encoding: 'utf8' });
  if (result.status !== 0) fail(`flatc ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
}

function checkTools(): string {
  const probe = spawnSync('flatc', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail('`flatc` (the FlatBuffers compiler) is not installed. Install it with: apt-get install -y flatbuffers-compiler');
  }
  for (const schema of [TFLITE_SCHEMA, METADATA_SCHEMA]) {
    try {
      readFileSync(schema);
    } catch {
      fail(`missing ${schema} (the TFLite schema committed with the bundles); restore it from git.`);
    }
  }
  return probe.stdout.trim();
}

// ── 1. sources ───────────────────────────────────────────────────────────────────────────────

interface PackedFile {
  filename: string;
  start: number;
  end: number;
}

interface SourceModel {
  bytes: Buffer;
  /** File inside the npm package. */
  file: string;
  /** For files unpacked from an Emscripten data package: the member and its byte range. */
  member?: PackedFile;
}

/** Reads the file list that the Emscripten file packager wrote into the loader script. */
function readPackedFileList(loaderSource: string): { files: PackedFile[]; packageSize: number } {
  const match = /loadPackage\((\{[^\n]*\})\);/.exec(loaderSource);
  if (!match?.[1]) fail(`could not find the loadPackage({...}) call in ${PACKED_LOADER}`);
  const parsed: unknown = JSON.parse(match[1]);
  if (!isRecord(parsed) || !Array.isArray(parsed.files) || typeof parsed.remote_package_size !== 'number') {
    fail(`unexpected loadPackage() argument in ${PACKED_LOADER}`);
  }
  const files = parsed.files.map((f: unknown): PackedFile => {
    if (!isRecord(f) || typeof f.filename !== 'string' || typeof f.start !== 'number' || typeof f.end !== 'number') {
      fail(`unexpected file entry in ${PACKED_LOADER}: ${JSON.stringify(f)}`);
    }
    return { filename: f.filename, start: f.start, end: f.end };
  });
  return { files, packageSize: parsed.remote_package_size };
}

function loadSources(packageDir: string): { detector: SourceModel; landmarks: Record<Variant, SourceModel> } {
  const { files, packageSize } = readPackedFileList(readFileSync(join(packageDir, PACKED_LOADER), 'utf8'));
  const packed = readFileSync(join(packageDir, PACKED_DATA));
  if (packed.length !== packageSize) {
    fail(`${PACKED_DATA} is ${packed.length} bytes but ${PACKED_LOADER} expects ${packageSize}`);
  }
  const member = files.find((f) => f.filename.endsWith(`/${DETECTOR_MEMBER}`));
  if (!member) fail(`${PACKED_LOADER} lists no ${DETECTOR_MEMBER} (it lists: ${files.map((f) => f.filename).join(', ')})`);
  if (!(member.start >= 0 && member.start < member.end && member.end <= packed.length)) {
    fail(`bad byte range ${member.start}..${member.end} for ${member.filename}`);
  }
  const detector: SourceModel = { bytes: packed.subarray(member.start, member.end), file: PACKED_DATA, member };
  const landmarks = Object.fromEntries(
    VARIANTS.map((v) => {
      const file = `pose_landmark_${v}.tflite`;
      return [v, { bytes: readFileSync(join(packageDir, file)), file }];
    }),
  ) as Record<Variant, SourceModel>;
  for (const model of [detector, ...Object.values(landmarks)]) {
    if (model.bytes.toString('latin1', 4, 8) !== 'TFL3') fail(`${model.file} is not a TFLite flatbuffer (no TFL3 identifier)`);
  }
  return { detector, landmarks };
}

// ── 2. metadata ──────────────────────────────────────────────────────────────────────────────

interface TensorJson {
  name: string;
  shape: number[];
}

interface ModelJson {
  buffers: Record<string, unknown>[];
  metadata: { name: string; buffer: number }[];
  subgraphs: { inputs: number[]; outputs: number[]; tensors: TensorJson[] }[];
  [field: string]: unknown;
}

/** Checks the parts of `flatc --json` output for a TFLite model that this script reads or edits. */
function asModelJson(value: unknown, label: string): ModelJson {
  const bad = (what: string): never => fail(`${label}: unexpected model JSON (${what})`);
  if (!isRecord(value)) return bad('not an object');
  const { buffers, subgraphs } = value;
  const metadata = value.metadata ?? [];
  if (!Array.isArray(buffers) || !buffers.every(isRecord)) return bad('buffers');
  if (!Array.isArray(metadata)) return bad('metadata');
  const checkedMetadata = metadata.map((m: unknown) =>
    isRecord(m) && typeof m.name === 'string' && typeof m.buffer === 'number' ? { name: m.name, buffer: m.buffer } : bad('metadata entry'),
  );
  if (!Array.isArray(subgraphs) || subgraphs.length !== 1) return bad('expected exactly one subgraph');
  const sg: unknown = subgraphs[0];
  if (!isRecord(sg) || !isNumberArray(sg.inputs) || !isNumberArray(sg.outputs) || !Array.isArray(sg.tensors)) return bad('subgraph');
  const tensors = sg.tensors.map((t: unknown): TensorJson => {
    if (!isRecord(t) || typeof t.name !== 'string' || !isNumberArray(t.shape)) return bad('tensor');
    return { ...t, name: t.name, shape: t.shape };
  });
  return {
    ...value,
    buffers,
    metadata: checkedMetadata,
    subgraphs: [{ ...sg, inputs: sg.inputs, outputs: sg.outputs, tensors }],
  };
}

interface InputSpec {
  size: number;
  mean: number;
  std: number;
  range: [number, number];
}

interface ModelSpec {
  name: string;
  description: string;
  input: InputSpec;
  /** Output tensors by shape (joined with "x"): metadata name and description. */
  outputs: Record<string, { name: string; description: string }>;
}

const DETECTOR_SPEC: ModelSpec = {
  name: 'pose_detector',
  description:
    'BlazePose person detector (MediaPipe pose_detection.tflite): 2254 SSD anchors, each with a box and 4 keypoints (hip centre, full-body size/rotation point, shoulder centre, upper-body point) and a score.',
  input: { size: 224, mean: 127.5, std: 127.5, range: [-1, 1] },
  outputs: {
    '1x2254x12': { name: 'regressors', description: 'Per anchor: box centre x/y, width, height, then 4 keypoints x/y, in input pixels relative to the anchor.' },
    '1x2254x1': { name: 'scores', description: 'Per anchor: person score (logit).' },
  },
};

function landmarkSpec(variant: Variant): ModelSpec {
  return {
    name: `pose_landmarks_detector_${variant}`,
    description: `BlazePose GHUM 3D landmark model, ${variant} variant (MediaPipe pose_landmark_${variant}.tflite): 33 pose landmarks plus 6 auxiliary ones on a 256x256 crop around the person.`,
    input: { size: 256, mean: 0, std: 255, range: [0, 1] },
    outputs: {
      '1x195': { name: 'landmarks', description: '39 landmarks x (x, y, z, visibility, presence), in crop pixels; visibility and presence are logits.' },
      '1x1': { name: 'pose_presence', description: 'Pose presence score for the crop (logit).' },
      '1x256x256x1': { name: 'segmentation_mask', description: 'Person segmentation of the crop (logits).' },
      '1x64x64x39': { name: 'heatmap', description: 'Per-landmark heatmaps, used for landmark refinement.' },
      '1x117': { name: 'world_landmarks', description: '39 landmarks x (x, y, z) in metres, origin at the hip centre.' },
    },
  };
}

/** The ModelMetadata (metadata_schema.fbs) for one model, as flatc JSON. */
function metadataJson(spec: ModelSpec, model: ModelJson, source: string): Record<string, unknown> {
  const sg = model.subgraphs[0];
  if (!sg) fail(`${spec.name}: no subgraph`);
  const tensorAt = (i: number): TensorJson => sg.tensors[i] ?? fail(`${spec.name}: tensor index ${i} out of range`);
  if (sg.inputs.length !== 1) fail(`${spec.name}: expected one input, found ${sg.inputs.length}`);
  const input = tensorAt(sg.inputs[0] ?? -1);
  const expected = [1, spec.input.size, spec.input.size, 3].join('x');
  if (input.shape.join('x') !== expected) fail(`${spec.name}: input ${input.name} is ${input.shape.join('x')}, expected ${expected}`);
  const outputNames = new Set<string>();
  const outputs = sg.outputs.map((index) => {
    const tensor = tensorAt(index);
    const known = spec.outputs[tensor.shape.join('x')];
    if (!known) fail(`${spec.name}: output ${tensor.name} has an unexpected shape ${tensor.shape.join('x')}`);
    outputNames.add(known.name);
    return { name: known.name, description: `${known.description} (tensor ${tensor.name}, ${tensor.shape.join('x')})` };
  });
  if (outputNames.size !== Object.keys(spec.outputs).length) fail(`${spec.name}: outputs do not match the expected set`);
  const { size, mean, std, range } = spec.input;
  return {
    name: spec.name,
    description: `${spec.description} Weights from the npm package ${source}; metadata added by DiveJudge scripts/build-pose-bundles.ts.`,
    version: source,
    author: 'Google LLC (MediaPipe); repackaged by DiveJudge',
    license: 'Apache License, Version 2.0 http://www.apache.org/licenses/LICENSE-2.0',
    min_parser_version: '1.0.0',
    subgraph_metadata: [
      {
        input_tensor_metadata: [
          {
            name: 'image',
            description: `${size}x${size} RGB image; (value - ${mean}) / ${std} maps 0..255 to ${range[0]}..${range[1]} (tensor ${input.name}).`,
            content: {
              content_properties_type: 'ImageProperties',
              content_properties: { color_space: 'RGB' },
            },
            process_units: [{ options_type: 'NormalizationOptions', options: { mean: [mean], std: [std] } }],
            stats: { max: [range[1]], min: [range[0]] },
          },
        ],
        output_tensor_metadata: outputs,
      },
    ],
  };
}

/** Adds the TFLITE_METADATA entry to one .tflite, through flatc's JSON form of the model. */
function addMetadata(work: string, label: string, tflite: Uint8Array, spec: ModelSpec, source: string): Buffer {
  const dir = join(work, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.tflite'), tflite);
  flatc(['--json', '--strict-json', '--raw-binary', '-o', dir, TFLITE_SCHEMA, '--', join(dir, 'model.tflite')]);
  const model = asModelJson(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), label);
  if (model.metadata.some((m) => m.name === METADATA_NAME)) fail(`${label} already has ${METADATA_NAME} metadata`);

  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(metadataJson(spec, model, source), null, 2)}\n`);
  flatc(['-b', '-o', dir, METADATA_SCHEMA, join(dir, 'meta.json')]);
  const meta = readFileSync(join(dir, 'meta.tflitemeta'));
  if (meta.toString('latin1', 4, 8) !== 'M001') fail(`${label}: metadata flatbuffer lacks the M001 identifier`);

  // Buffer.data is `force_align: 16` in schema.fbs, so flatc places the metadata (and every
  // weight buffer) on a 16-byte boundary when it rebuilds the model.
  model.buffers.push({ data: Array.from(meta) });
  model.metadata.push({ name: METADATA_NAME, buffer: model.buffers.length - 1 });
  writeFileSync(join(dir, 'with-metadata.json'), JSON.stringify(model));
  flatc(['-b', '-o', dir, TFLITE_SCHEMA, join(dir, 'with-metadata.json')]);
  const out = readFileSync(join(dir, 'with-metadata.tflite'));
  if (out.toString('latin1', 4, 8) !== 'TFL3' || out.indexOf(meta) < 0) fail(`${label}: rebuilt model looks wrong`);
  return out;
}

// ── 3. stored zip ────────────────────────────────────────────────────────────────────────────

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * An uncompressed (method 0) zip. Timestamps are fixed at 1980-01-01 00:00 (DOS time 0) and each
 * entry's data starts on a ZIP_ALIGN boundary, padded with an alignment extra field (0xD935, as
 * Android's zipalign writes), so that the tflite data keeps its own 16-byte alignment in memory.
 */
function storedZip(entries: { name: string; data: Uint8Array }[]): Buffer {
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'ascii');
    const crc = crc32(data);
    const pad = (ZIP_ALIGN - ((offset + 30 + nameBytes.length + 6) % ZIP_ALIGN)) % ZIP_ALIGN;
    const extra = Buffer.alloc(6 + pad);
    extra.writeUInt16LE(0xd935, 0);
    extra.writeUInt16LE(2 + pad, 2);
    extra.writeUInt16LE(ZIP_ALIGN, 4);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(10, 4); // made by: MS-DOS, 1.0
    cd.writeUInt16LE(10, 6);
    cd.writeUInt16LE(0, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt16LE(DOS_TIME, 12);
    cd.writeUInt16LE(DOS_DATE, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt32LE(offset, 42); // local header offset; extra/comment/attributes stay 0
    central.push(cd, nameBytes);
    parts.push(local, nameBytes, extra, Buffer.from(data.buffer, data.byteOffset, data.length));
    offset += 30 + nameBytes.length + extra.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────

const flatcVersion = checkTools();
const require = createRequire(import.meta.url);
let packageJsonPath: string;
try {
  packageJsonPath = require.resolve(`${SOURCE_PACKAGE}/package.json`);
} catch {
  fail(`${SOURCE_PACKAGE} is not installed; run npm ci first.`);
}
const packageDir = dirname(packageJsonPath);
const pkg: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
if (!isRecord(pkg) || typeof pkg.version !== 'string' || typeof pkg.license !== 'string') fail(`cannot read ${packageJsonPath}`);
const source = `${SOURCE_PACKAGE}@${pkg.version}`;
const { detector, landmarks } = loadSources(packageDir);

const work = mkdtempSync(join(tmpdir(), 'pose-bundles-'));
try {
  console.log(`${source}: ${DETECTOR_MEMBER} is bytes ${detector.member?.start}..${detector.member?.end} of ${PACKED_DATA}`);
  const detectorOut = addMetadata(work, 'detector', detector.bytes, DETECTOR_SPEC, source);
  mkdirSync(OUT_DIR, { recursive: true });

  const describe = (name: string, out: Buffer, model: SourceModel, spec: ModelSpec) => ({
    name,
    size: out.length,
    sha256: sha256(out),
    source: {
      package: SOURCE_PACKAGE,
      version: pkg.version,
      file: model.file,
      ...(model.member ? { member: model.member.filename, start: model.member.start, end: model.member.end } : {}),
      size: model.bytes.length,
      sha256: sha256(model.bytes),
    },
    metadataAdded: {
      name: METADATA_NAME,
      inputColorSpace: 'RGB',
      normalization: { mean: spec.input.mean, std: spec.input.std },
      outputs: Object.values(spec.outputs).map((o) => o.name),
    },
  });

  const bundles = VARIANTS.map((variant) => {
    const spec = landmarkSpec(variant);
    const landmarksOut = addMetadata(work, variant, landmarks[variant].bytes, spec, source);
    const entries = [
      { name: 'pose_detector.tflite', data: detectorOut },
      { name: 'pose_landmarks_detector.tflite', data: landmarksOut },
    ];
    const zip = storedZip(entries);
    const file = `pose_landmarker_${variant}.task`;
    writeFileSync(join(OUT_DIR, file), zip);
    console.log(`wrote models/pose/${file} (${zip.length} bytes)`);
    return {
      file,
      variant,
      size: zip.length,
      sha256: sha256(zip),
      entries: [
        describe('pose_detector.tflite', detectorOut, detector, DETECTOR_SPEC),
        describe('pose_landmarks_detector.tflite', landmarksOut, landmarks[variant], spec),
      ],
    };
  });

  const manifest = {
    description:
      'MediaPipe Tasks PoseLandmarker bundles: the @mediapipe/pose npm weights with TFLite metadata added, in stored (uncompressed) zips. Rebuild with `npm run build:pose-bundles`.',
    source: { package: SOURCE_PACKAGE, version: pkg.version, license: pkg.license },
    builtWith: { script: 'scripts/build-pose-bundles.ts', flatc: flatcVersion, schemas: ['schema/schema.fbs', 'schema/metadata_schema.fbs'] },
    bundles,
  };
  writeFileSync(join(OUT_DIR, 'bundles.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log('wrote models/pose/bundles.json');
} finally {
  rmSync(work, { recursive: true, force: true });
}
