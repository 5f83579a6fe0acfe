/// <reference lib="webworker" />
/**
 * Owns onnxruntime-web and the active model pack. WebGPU when a real adapter exists, WASM
 * otherwise (a setting can force either). A pack is validated in full before it replaces the
 * active one, so a broken pack never costs the judge a working one. The last encoded clip is
 * kept: changing N, the exemplars or a stage boundary reruns only the comparison.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { PackScorer, type LibraryExemplar, type ClipInputs, type ClipScore, type EncodedClip, type InferenceSessionLike, type SessionOptions } from '../pipeline/aqa/packScorer.ts';
import { buildModelInputs, cropToTensor, splashAreasPerFrame, type ModelInputs } from '../pipeline/aqa/inputs.ts';
import type { ExemplarRecord, PackManifest } from '../pipeline/aqa/pack.ts';
import { boundariesOnModelAxis, boundariesToFrames, type FrameTransitions } from '../pipeline/aqa/stages.ts';
import { JOINT_COUNT } from '../pipeline/pose/skeleton.ts';
import { type RgbaFrame, type SplashMeasurement } from '../pipeline/splash/index.ts';
import { measureClipSplash, splashWindow } from '../pipeline/splash/clipSplash.ts';
import { ClipCameraPathTracker, cameraPathSize } from '../pipeline/splash/cameraPath.ts';
import { sceneTrack, sceneTrackChannels } from '../pipeline/aqa/sceneTrack.ts';
import type { SceneTrackNormalisation } from '../pipeline/aqa/sceneTrack.ts';
import { measureTakeOff } from '../pipeline/aqa/takeOff.ts';
import type { TakeOffGeometry } from '../pipeline/aqa/takeOff.ts';
import { decodeClipFrames } from './decode.ts';
import { PackSourceError, fetchPack, type PackSource } from '../pipeline/packs/source.ts';
import { serveWorker } from './host.ts';
import type { SplashRecord } from '../pipeline/analysis/record.ts';

declare const self: DedicatedWorkerGlobalScope;

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface AqaWorkerInit {
  assetBase: string;
  provider: 'auto' | ExecutionProvider;
}

export type AqaJob =
  | { kind: 'load-pack'; url: string }
  | { kind: 'load-pack-files'; files: Record<string, ArrayBuffer>; origin: string }
  | { kind: 'analyze'; file: Blob; pose: ClipPoseInput }
  | { kind: 'score'; boundaries: [number, number] | null; exemplars: number[] | null; dive: { diveNumber: string; height: number | null; dd: number }; voteN: number; exclude?: string[] }
  | { kind: 'release-clip' }
  /** Re-encode a saved analysis from its encoder inputs (packs without crops), becoming the current clip. */
  | { kind: 'restore-clip'; poses: Float32Array; splash: Float32Array; sceneTrack?: Float32Array; frameIndices: number[] }
  /** Stage features of a clip for this pack, to add it to the personal library (the current clip is kept). */
  | { kind: 'exemplar-features'; file: Blob | null; pose: ClipPoseInput; splash: SplashSummary | null; transitions: FrameTransitions }
  /** The user's library exemplars with features for this pack; they vote alongside the pack's. */
  | { kind: 'set-library'; library: LibraryExemplar[] }
  /** A pack exemplar's display pose, for the comparison view. */
  | { kind: 'exemplar-poses'; index: number };

/** The pose stage's output for one clip (packed, frame pixels). */
export interface ClipPoseInput {
  frameCount: number;
  width: number;
  height: number;
  fps: number;
  /** frameCount × 16 × 3 */
  joints: Float32Array;
  /** frameCount × 4 (x1, y1, x2, y2; NaN without a box) */
  boxes: Float32Array;
}

/** The splash measured after the predicted entry (the same shape a saved analysis keeps). */
export type SplashSummary = SplashRecord;

/** One clip, encoded: what the UI shows before any comparison. */
export interface AnalysedClip {
  /** Original frame index of each model frame. */
  frameIndices: number[];
  /** Model-axis boundaries the encoder predicts. */
  boundaries: [number, number];
  transitionProbs: Float32Array;
  /** The encoder inputs (crop-centred poses, splash), for diagnostics and the benchmark's parity run. */
  inputs: { poses: Float32Array; splash: Float32Array; sceneTrack?: Float32Array };
  /** Take-off geometry with the camera's motion undone (takeOff.ts), when the pack follows the camera; null otherwise or when not measurable. */
  takeOff: TakeOffGeometry | null;
  splash: SplashSummary | null;
  /** decodeMs: frames for crops; sceneMs: decoding every frame small and tracking the camera (scene track); splashMs: decoding and measuring the post-entry frames. */
  timings: { decodeMs: number; encodeMs: number; splashMs: number; sceneMs: number; encodePasses: number };
}

export interface PackSummary {
  manifest: PackManifest;
  exemplars: ExemplarRecord[];
  provider: ExecutionProvider;
  /** Graphs that could not run on the chosen provider and fell back to WASM. */
  providerNote: string | null;
}

export type AqaJobResult =
  | { kind: 'pack'; pack: PackSummary }
  | { kind: 'analysed'; clip: AnalysedClip }
  | { kind: 'score'; score: ClipScore; compareMs: number }
  | { kind: 'released' }
  | { kind: 'features'; fused: Float32Array; static: Float32Array | null; boundaries: [number, number]; frames: number }
  | { kind: 'library'; count: number }
  | { kind: 'poses'; poses: Int16Array | null; frames: number };

let provider: ExecutionProvider = 'wasm';
let active: PackScorer | null = null;
let encoded: EncodedClip | null = null;

/** The software (SwiftShader) adapter is ~200× slower than WASM: only a real GPU counts for 'auto'. */
async function chooseProvider(wanted: AqaWorkerInit['provider']): Promise<ExecutionProvider> {
  if (wanted !== 'auto') return wanted;
  interface AdapterInfo { info?: { isFallbackAdapter?: boolean } }
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'wasm';
  const adapter = (await gpu.requestAdapter().catch(() => null)) as AdapterInfo | null;
  return adapter && !adapter.info?.isFallbackAdapter ? 'webgpu' : 'wasm';
}

/** Graphs the WebGPU execution provider refused, run on WASM instead (named in the pack summary). */
let webgpuFallbacks: string[] = [];

async function createSession(model: Uint8Array, options?: SessionOptions): Promise<InferenceSessionLike> {
  const settings = {
    graphOptimizationLevel: 'all' as const,
    ...(options?.fixedDimensions ? { freeDimensionOverrides: options.fixedDimensions } : {}),
  };
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: [provider], ...settings });
  } catch (error) {
    if (provider !== 'webgpu') throw error;
    // onnxruntime-web 1.30's WebGPU GRU kernel takes only Relu/Tanh/Sigmoid gates: the encoders of
    // packs before 1.1 (HardSigmoid gates) run on WASM, the other graphs stay on WebGPU.
    const reason = error instanceof Error ? error.message : String(error);
    webgpuFallbacks.push(/GRU/.test(reason) ? 'the encoder (its GRU)' : 'a graph');
    session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], ...settings });
  }
  return {
    async run(feed) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feed)) tensors[name] = new ort.Tensor('float32', t.data, t.dims);
      const out = await session.run(tensors);
      const result: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (const [name, t] of Object.entries(out)) {
        // Read back (WebGPU tensors live on the GPU), then free the runtime's copy.
        result[name] = { data: (await t.getData()) as Float32Array, dims: [...t.dims] };
        t.dispose();
      }
      for (const t of Object.values(tensors)) t.dispose();
      return result;
    },
    release: () => session.release(),
  };
}

async function activate(source: PackSource): Promise<PackSummary> {
  webgpuFallbacks = [];
  const next = await PackScorer.open(source, createSession);
  // Warm-up: one encode with empty inputs so the first real clip is not slowed by kernel setup.
  const T = next.manifest.inputs.frames;
  const warm: ClipInputs = {};
  if (next.manifest.inputs.joints) warm.poses = new Float32Array(T * 16 * 3);
  if (next.manifest.inputs.crop) warm.frames = new Float32Array(T * next.manifest.inputs.crop.size ** 2 * 3);
  if (next.manifest.inputs.splash) warm.splash = new Float32Array(T);
  if (next.manifest.inputs.sceneTrack) warm.sceneTrack = new Float32Array(T * sceneTrackChannels(next.manifest.inputs.sceneTrack.normalisation));
  await next.encode(warm);
  const previous = active;
  active = next;
  encoded = null;
  await previous?.release();
  return { manifest: next.manifest, exemplars: next.exemplars, provider, providerNote: webgpuFallbacks.length ? `${[...new Set(webgpuFallbacks)].join(', ')} on WASM: unsupported by the WebGPU provider` : null };
}

function sourceFromBuffers(buffers: Record<string, ArrayBuffer>, origin: string): PackSource {
  const files = Object.fromEntries(Object.entries(buffers).map(([name, buffer]) => [name, new Uint8Array(buffer)]));
  const manifest = files['manifest.json'];
  if (!manifest) throw new PackSourceError(`${origin}: no manifest.json — this is not a DiveJudge model pack.`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(new TextDecoder().decode(manifest));
  } catch {
    throw new PackSourceError(`${origin}: manifest.json is not valid JSON.`);
  }
  return { manifestJson, files, origin };
}

class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'Cancelled';
  }
}

async function encodeTimed(inputs: ClipInputs, timings: AnalysedClip['timings']): Promise<EncodedClip> {
  const started = performance.now();
  const result = await (active as PackScorer).encode(inputs);
  timings.encodeMs += performance.now() - started;
  timings.encodePasses++;
  return result;
}

/** RGB crops of the sampled frames around the diver ([T, S, S, 3]), for packs with visual branches. */
async function cropFrames(file: Blob, pose: ClipPoseInput, model: ModelInputs, size: number, isCancelled: () => boolean): Promise<Float32Array> {
  const out = new Float32Array(model.frameIndices.length * size * size * 3);
  const wanted = new Map<number, number[]>();
  model.frameIndices.forEach((f, t) => wanted.set(f, [...(wanted.get(f) ?? []), t]));
  const last = Math.max(...model.frameIndices);
  for await (const frame of decodeClipFrames(file, { width: pose.width, height: pose.height, to: last, readPixels: true })) {
    if (isCancelled()) throw new Cancelled();
    const slots = wanted.get(frame.index);
    if (!slots) continue;
    const image = frame.context.getImageData(0, 0, frame.width, frame.height);
    for (const t of slots) cropToTensor(image, model.boxes[t] as ModelInputs['boxes'][number], size, out, t * size * size * 3);
  }
  return out;
}

/**
 * The scene track (sceneTrack.ts) for packs that take it: every frame decoded small for the camera
 * path (src/pipeline/splash/cameraPath.ts, shared with the trainer), then the crop boxes placed in
 * the scene (and, for scene-track/2, the take-off geometry measured on the poses of every frame).
 */
async function sceneTrackOfClip(file: Blob, pose: ClipPoseInput, model: ModelInputs, normalisation: SceneTrackNormalisation, joints: readonly Float32Array[], isCancelled: () => boolean): Promise<{ track: Float32Array; takeOff: TakeOffGeometry | null }> {
  const size = cameraPathSize(pose.width, pose.height);
  const tracker = new ClipCameraPathTracker(pose.width);
  for await (const frame of decodeClipFrames(file, { width: size.width, height: size.height, readPixels: true })) {
    if (isCancelled()) throw new Cancelled();
    tracker.push(frame.context.getImageData(0, 0, frame.width, frame.height));
  }
  const path = tracker.result();
  // Measured for the kinematics panel whichever track the pack takes (scene-track/2 feeds it to the model too).
  const takeOff = measureTakeOff(joints, path, pose.fps);
  return { track: sceneTrack(path, model.frameIndices, model.boxes, normalisation, takeOff), takeOff };
}

/**
 * Splash from pixels (eq. 21): frames from a little before the predicted entry to the end, scaled
 * down, with the diver's last box before entry as the size reference (src/pipeline/splash/clipSplash.ts,
 * shared with the trainer).
 */
async function measureSplashOfClip(file: Blob, pose: ClipPoseInput, entryStart: number, isCancelled: () => boolean): Promise<SplashMeasurement & { from: number }> {
  const window = splashWindow(entryStart, pose.width, pose.height);
  const frames: RgbaFrame[] = [];
  for await (const frame of decodeClipFrames(file, { width: window.width, height: window.height, from: window.from, readPixels: true })) {
    if (isCancelled()) throw new Cancelled();
    frames.push(frame.context.getImageData(0, 0, frame.width, frame.height));
  }
  return measureClipSplash(frames, entryStart, window, pose.fps, (f) => {
    if (f < 0 || f >= pose.frameCount) return null;
    const b = pose.boxes.subarray(f * 4, f * 4 + 4);
    return Number.isFinite(b[0]) ? { x1: b[0] ?? 0, y1: b[1] ?? 0, x2: b[2] ?? 0, y2: b[3] ?? 0 } : null;
  });
}

async function analyze(file: Blob, pose: ClipPoseInput, context: { progress(done: number, total: number, stage: string): void; readonly cancelled: boolean }): Promise<AnalysedClip> {
  if (!active) throw new Error('No model pack is active.');
  const scorer = active;
  const spec = scorer.manifest.inputs;
  const T = spec.frames;
  const isCancelled = () => context.cancelled;
  const timings: AnalysedClip['timings'] = { decodeMs: 0, encodeMs: 0, splashMs: 0, sceneMs: 0, encodePasses: 0 };
  const joints = Array.from({ length: pose.frameCount }, (_, f) => pose.joints.subarray(f * JOINT_COUNT * 3, (f + 1) * JOINT_COUNT * 3));
  const steps = 2 + (spec.crop ? 1 : 0) + (spec.sceneTrack ? 1 : 0) + (spec.splash ? 2 : 0);
  let step = 0;
  const model = buildModelInputs({ joints, width: pose.width, height: pose.height }, T);
  const inputs: ClipInputs = { poses: model.poses };
  if (spec.crop) {
    context.progress(step++, steps, 'Cropping the diver');
    const started = performance.now();
    inputs.frames = await cropFrames(file, pose, model, spec.crop.size, isCancelled);
    timings.decodeMs += performance.now() - started;
  }
  let takeOff: TakeOffGeometry | null = null;
  if (spec.sceneTrack) {
    context.progress(step++, steps, 'Following the camera');
    const started = performance.now();
    const scene = await sceneTrackOfClip(file, pose, model, spec.sceneTrack.normalisation, joints, isCancelled);
    inputs.sceneTrack = scene.track;
    takeOff = scene.takeOff;
    timings.sceneMs = performance.now() - started;
  }
  if (spec.splash) inputs.splash = model.splash;
  context.progress(step++, steps, 'Encoding the dive');
  encoded = null;
  let result = await encodeTimed(inputs, timings);
  if (isCancelled()) throw new Cancelled();
  let splash: SplashSummary | null = null;
  if (spec.splash) {
    // The splash is measured from the model's own entry, then the clip is encoded again with it.
    context.progress(step++, steps, 'Measuring the splash');
    const entryStart = boundariesToFrames(result.boundaries, model.frameIndices).entryStart;
    const entryIndex = Math.min(entryStart, pose.frameCount - 1);
    const started = performance.now();
    const measured = await measureSplashOfClip(file, pose, entryIndex, isCancelled);
    timings.splashMs = performance.now() - started; // decoding the post-entry frames + measuring
    splash = { score: measured.score, areaSeconds: measured.areaSeconds, confidence: measured.confidence, reason: measured.reason ?? null, entryIndex, trace: measured.trace };
    const perFrame = splashAreasPerFrame(measured.trace, entryIndex, pose.frameCount);
    inputs.splash = Float32Array.from(model.frameIndices, (f) => perFrame[f] ?? 0);
    context.progress(step++, steps, 'Encoding the dive with its splash');
    result = await encodeTimed(inputs, timings);
  }
  encoded = result;
  context.progress(step, steps, 'Encoded');
  return {
    frameIndices: model.frameIndices,
    boundaries: result.boundaries,
    transitionProbs: result.transitionProbs.slice(),
    inputs: { poses: model.poses, splash: inputs.splash ?? new Float32Array(T), ...(inputs.sceneTrack ? { sceneTrack: inputs.sceneTrack } : {}) },
    splash,
    takeOff,
    timings,
  };
}

/** A clip's stage features with given transitions, without touching the current clip. */
async function exemplarFeatures(job: Extract<AqaJob, { kind: 'exemplar-features' }>, isCancelled: () => boolean): Promise<AqaJobResult> {
  const scorer = active as PackScorer;
  const spec = scorer.manifest.inputs;
  const { pose } = job;
  const joints = Array.from({ length: pose.frameCount }, (_, f) => pose.joints.subarray(f * JOINT_COUNT * 3, (f + 1) * JOINT_COUNT * 3));
  const model = buildModelInputs({ joints, width: pose.width, height: pose.height }, spec.frames);
  const inputs: ClipInputs = { poses: model.poses };
  if (spec.crop) {
    if (!job.file) throw new Error('this pack looks at the pixels, and the clip of this exemplar is not available');
    inputs.frames = await cropFrames(job.file, pose, model, spec.crop.size, isCancelled);
  }
  if (spec.sceneTrack) {
    if (!job.file) throw new Error('this pack follows the diver through the scene, and the clip of this exemplar is not available');
    inputs.sceneTrack = (await sceneTrackOfClip(job.file, pose, model, spec.sceneTrack.normalisation, joints, isCancelled)).track;
  }
  if (spec.splash) {
    const perFrame = job.splash ? splashAreasPerFrame(job.splash.trace, job.splash.entryIndex, pose.frameCount) : new Float32Array(pose.frameCount);
    inputs.splash = Float32Array.from(model.frameIndices, (f) => perFrame[f] ?? 0);
  }
  const clip = await scorer.encode(inputs);
  const boundaries = boundariesOnModelAxis(job.transitions, model.frameIndices);
  const features = await scorer.exemplarFeatures(clip, boundaries);
  return { kind: 'features', fused: features.fused, static: features.static, boundaries, frames: spec.frames };
}

/** Jobs touch one active pack and one encoded clip: run them one after another, never interleaved. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

serveWorker<AqaWorkerInit, AqaJob, AqaJobResult>(self, {
  async init(options) {
    ort.env.wasm.wasmPaths = `${options.assetBase}vendor/ort/`;
    ort.env.wasm.numThreads = 1; // a second thread brought no gain on 2 cores (browser-runtime notes)
    ort.env.logLevel = 'warning';
    provider = await chooseProvider(options.provider);
    return { provider };
  },
  run(job, context) {
    return serial(async () => {
      if (context.cancelled) throw new Cancelled();
      if (job.kind === 'load-pack' || job.kind === 'load-pack-files') {
        context.progress(0, 2, 'Checking the model pack');
        const source: PackSource = job.kind === 'load-pack' ? await fetchPack(job.url) : sourceFromBuffers(job.files, job.origin);
        context.progress(1, 2, 'Loading the models');
        return { result: { kind: 'pack', pack: await activate(source) } };
      }
      if (job.kind === 'release-clip') {
        encoded = null;
        return { result: { kind: 'released' } };
      }
      if (!active) throw new Error('No model pack is active.');
      if (job.kind === 'set-library') {
        active.setLibrary(job.library);
        return { result: { kind: 'library', count: job.library.length } };
      }
      if (job.kind === 'exemplar-poses') {
        const found = active.exemplarPoses(job.index);
        return { result: { kind: 'poses', poses: found?.poses ?? null, frames: found?.frames ?? 0 }, transfer: found ? [found.poses.buffer] : [] };
      }
      if (job.kind === 'exemplar-features') {
        const result = await exemplarFeatures(job, () => context.cancelled);
        if (result.kind !== 'features') throw new Error('unexpected result');
        return { result, transfer: [result.fused.buffer, ...(result.static ? [result.static.buffer] : [])] };
      }
      if (job.kind === 'restore-clip') {
        const T = active.manifest.inputs.frames, scene = active.manifest.inputs.sceneTrack;
        if (active.manifest.inputs.crop || (scene && job.sceneTrack?.length !== T * sceneTrackChannels(scene.normalisation))) throw new Error('this pack looks at the pixels: open the clip to score it again');
        if (job.frameIndices.length !== T) throw new Error(`the saved analysis has ${job.frameIndices.length} model frames, this pack takes ${T}`);
        const timings: AnalysedClip['timings'] = { decodeMs: 0, encodeMs: 0, splashMs: 0, sceneMs: 0, encodePasses: 0 };
        encoded = null;
        const restored = { poses: job.poses, splash: job.splash, ...(job.sceneTrack ? { sceneTrack: job.sceneTrack } : {}) };
        const result = await encodeTimed(restored, timings);
        encoded = result;
        const clip: AnalysedClip = { frameIndices: job.frameIndices, boundaries: result.boundaries, transitionProbs: result.transitionProbs.slice(), inputs: restored, splash: null, takeOff: null, timings };
        return { result: { kind: 'analysed', clip } };
      }
      if (job.kind === 'analyze') {
        const clip = await analyze(job.file, job.pose, context);
        return { result: { kind: 'analysed', clip }, transfer: [clip.transitionProbs.buffer, clip.inputs.poses.buffer, clip.inputs.splash.buffer, ...(clip.inputs.sceneTrack ? [clip.inputs.sceneTrack.buffer] : [])] };
      }
      if (!encoded) throw new Error('Encode the clip before scoring it.');
      const excluded = new Set(job.exclude ?? []);
      const exemplars = job.exemplars ?? active.chooseExemplars(job.dive, job.voteN, excluded.size ? (e) => excluded.has(e.id) : undefined);
      if (exemplars.length === 0) throw new Error(`The pack has no exemplar of dive ${job.dive.diveNumber} or a similar one.`);
      context.progress(0, 1, `Comparing with ${exemplars.length} exemplars`);
      const started = performance.now();
      const score = await active.scoreEncoded(encoded, job.boundaries ?? encoded.boundaries, exemplars, job.dive.dd);
      return { result: { kind: 'score', score, compareMs: performance.now() - started } };
    });
  },
  toError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Cancelled) return { code: 'cancelled', message: 'Cancelled.' };
    if (error instanceof Error && (error.name === 'PackInvalidError' || error.name === 'PackSourceError')) return { code: 'pack-invalid', message };
    return { code: 'aqa-failed', message: `Scoring failed: ${message}`, detail: error instanceof Error ? error.stack : undefined };
  },
});
