/**
 * Training data from a FineDiving-layout dataset (the simulator's output or the real annotations
 * with extracted poses): per clip, the model inputs exactly as the app builds them
 * (src/pipeline/aqa/inputs.ts), the targets (award sum, splash score, stage boundaries), the pairs
 * of eq. 1 (an exemplar with the same dive number from the training split) and batches.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { boundariesOnModelAxis, buildModelInputs, cameraPathOfClip, cameraPathSize, ClipCameraPathTracker, cropToTensor, DEFAULT_POSE_STAGE_CONFIG, JOINT_COUNT, LEFT_RIGHT_PAIRS, measureClipSplash, measureSplashOfClip, clipTakeOff, normalisePoseToCrops, postprocessJoints, postprocessOptionsOf, resampleMatrix, sceneTrack, splashAreasPerFrame, splashScoreOfTrace, splashWindow, transitionsFromSteps, transitionTargets } from '@divejudge/core';
import type { ClipCameraPath, CropBox, FrameTransitions, RgbaFrame, SceneTrackNormalisation, ExemplarRecord } from '@divejudge/core';
import type { NoiseSourceFrame, PoseErrorStats } from '../sim/noise.ts';
import { drawNoisyJoints, noiseSourceOf } from './poseNoise.ts';
import type { NoiseTruth } from './poseNoise.ts';
import { frameCountOf, openFineDiving } from '../data/fineDiving.ts';
import { ffmpegPictures } from '../../scripts/lib/nodeAnalysis.ts';
import { readAppPoseFile } from '../../scripts/lib/appPoseCache.ts';
import type { DivePoseFile, FineDivingDataset, FineDivingRecord } from '../data/fineDiving.ts';
import type { RunConfig } from '../model/config.ts';
import { STAGES, usesPixels } from '../model/config.ts';
import { SeededRandom } from '../model/init.ts';

/** A clip's dive and its official result: the exemplar record's own fields (height 0 when unknown). */
type DiveResult = Pick<ExemplarRecord, 'diveNumber' | 'height' | 'dd' | 'awards' | 'officialScore' | 'awardSum'>;

export interface Clip extends DiveResult {
  id: string;
  split: 'train' | 'test';
  record: FineDivingRecord;
  /** Simulator only: the award sum a perfect panel would give (3 × trueAward), for the ceiling. */
  trueAwardSum: number | null;
  /**
   * Simulator only: the true award's deductions for where the diver is relative to the board (take-off
   * height, distance from the board): what diver-centred inputs cannot see (eval's crop-observer ceiling).
   */
  boardDeductions: number | null;
  frameCount: number;
  frameIndices: number[];
  transitions: FrameTransitions;
  boundaries: [number, number];
  boxes: CropBox[];
  /** [T, 16, 3] */
  poses: Float32Array;
  /** [T] */
  splash: Float32Array;
  /** Eq. 21 over the per-frame splash input (reference-area seconds). */
  splashScore: number;
  /** [T, C] scene track (src/pipeline/aqa/sceneTrack.ts), or null when the model does not take one. */
  sceneTrack: Float32Array | null;
  /** Training clips with `poseNoise: "resampled"`: what `redrawPoses` needs to draw the poses again. */
  noise?: { source: NoiseSourceFrame[]; width: number; height: number; cameraPath: ClipCameraPath | null; fps: number; sceneTrackNormalisation: SceneTrackNormalisation; postprocess: boolean; /** The take-off geometry from the post-processed draw (`train.takeOffPoses` "app"). */ takeOffApp?: boolean };
  /** [T, S, S, 3] as bytes (÷ 255 when batched), visual branches only. */
  pixels: Uint8Array | null;
}

interface Truth {
  dive?: { height?: string };
  judging?: { trueAward?: number; deductions?: Array<{ stage: string; fault: string; points: number }> };
  stageTransitions?: { takeOffEnd: number; entryStart: number; waterContact: number };
  splash?: { areaPx?: number[] };
}

/** Metres from a height string ("7.5m") or an event name ("Sim10mPlatform_7judges"). */
export function heightOf(text: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)m/i.exec(text ?? '');
  return match ? Number(match[1]) : 0;
}

/** Take-off faults judged from where the diver is relative to the board (sim/judges.ts fault names). */
const BOARD_FAULTS = new Set(['height', 'board distance', 'too far out']);

export function boardDeductionsOf(deductions: ReadonlyArray<{ stage: string; fault: string; points: number }>): number {
  return deductions.filter((d) => d.stage === 'takeOff' && BOARD_FAULTS.has(d.fault)).reduce((s, d) => s + d.points, 0);
}

/** Per-frame joints (16 × x, y, confidence) from a pose file. */
export function jointsOf(pose: DivePoseFile, source: 'noisy' | 'clean'): Float32Array[] {
  if (source === 'noisy') return pose.noisy.joints.map((frame) => Float32Array.from(frame));
  return pose.clean.joints.map((frame, f) => {
    const out = new Float32Array(JOINT_COUNT * 3);
    frame.forEach(([x, y], j) => {
      out[j * 3] = x ?? Number.NaN;
      out[j * 3 + 1] = y ?? Number.NaN;
      out[j * 3 + 2] = pose.clean.visible[f]?.[j] ?? 0;
    });
    return out;
  });
}

/**
 * Simulator splash truth as the app's splash module reports it: area ÷ reference area, where the
 * reference is the square of the larger side of the diver's box in the last frame before entry.
 */
export function simulatedSplashArea(truth: Truth, pose: DivePoseFile, frameCount: number): Float32Array {
  const areas = truth.splash?.areaPx ?? [];
  const contact = truth.stageTransitions?.waterContact ?? frameCount - 1;
  let reference = 0;
  for (let f = Math.min(contact, frameCount - 1); f >= 0 && reference === 0; f--) {
    const box = pose.clean.box[f];
    if (box) reference = Math.max(box[2] - box[0], box[3] - box[1]) ** 2;
  }
  return Float32Array.from({ length: frameCount }, (_, f) => (reference > 0 ? (areas[f] ?? 0) / reference : 0));
}

export interface DatasetOptions {
  /** `app`: the app pose stage's own poses of the clip's MP4 (`appPoses`), with splash and camera path measured on the MP4's frames by the app's code. */
  poses: 'noisy' | 'clean' | 'app';
  /** With `poses: "app"`: the folder of cached app poses, one `<clip id>.json` per clip (scripts/lib/appPoseCache.ts). */
  appPoses?: string;
  /** `simulated`: the simulator's exact white-water areas; `measured`: src/pipeline/splash run on the frames, as the app does. */
  splash: 'simulated' | 'measured';
  frames: number;
  crop: number;
  pixels: boolean;
  /** Compute the scene track (camera path over every frame of the clip). */
  sceneTrack: boolean;
  /** Which scene track (sceneTrack.ts); absent: "scene-track/1". */
  sceneTrackNormalisation?: SceneTrackNormalisation;
  /** Keep what is needed to draw fresh pose noise for the training clips (train/poseNoise.ts). */
  poseNoise?: 'file' | 'resampled';
  /** `app`: noisy draws go through the app's pose post-processing (config.ts, `train.posePostprocess`); absent: "none". */
  posePostprocess?: 'none' | 'app';
  /** `app`: scene-track/2's take-off geometry from the post-processed noisy poses (config.ts, `train.takeOffPoses`); absent: the input poses. */
  takeOffPoses?: 'input' | 'app';
  limitClips: number;
  /** Which splits to load (default both): an evaluation needs only the test split. */
  splits?: ReadonlyArray<'train' | 'test'>;
  /** Cache folder for decoded crops. */
  cacheDir: string;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadedDataset {
  dataset: FineDivingDataset;
  train: Clip[];
  test: Clip[];
  fps: number;
  /** Clips left out because the app's poses of them are not cached yet (`poses: "app"`). */
  withoutAppPoses: string[];
}

/** Decodes the sampled frames of a clip and crops them (bytes, [T, S, S, 3]). Cached on disk. */
async function clipPixels(dataset: FineDivingDataset, record: FineDivingRecord, frameIndices: number[], boxes: CropBox[], size: number, cacheDir: string, boxesTag: string): Promise<Uint8Array> {
  // The crops follow the boxes, and post-processed poses give other boxes than the raw draw.
  const key = `${record.event}_${record.index}_${frameIndices.length}x${size}${boxesTag}`;
  const cached = join(cacheDir, `${key}.u8`);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const out = new Uint8Array(frameIndices.length * size * size * 3);
  const floats = new Float32Array(size * size * 3);
  for (let t = 0; t < frameIndices.length; t++) {
    const image = await loadImage(readFileSync(dataset.framePath(record, frameIndices[t] as number)));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, image.width, image.height);
    cropToTensor({ data: data.data, width: image.width, height: image.height }, boxes[t] as CropBox, size, floats);
    for (let i = 0; i < floats.length; i++) out[t * floats.length + i] = Math.round((floats[i] as number) * 255);
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, out);
  return out;
}

/**
 * The splash trace the app would measure (src/pipeline/splash/clipSplash.ts) on the clip's frames,
 * from the annotated entry, sized by the backend-like (noisy) diver boxes. Cached on disk.
 */
export async function measuredSplashArea(dataset: FineDivingDataset, record: FineDivingRecord, pose: DivePoseFile, entryStart: number, frameCount: number, cacheDir: string): Promise<Float32Array> {
  const cached = join(cacheDir, `${record.event}_${record.index}_splash-${entryStart}.json`);
  if (existsSync(cached)) {
    const saved = JSON.parse(readFileSync(cached, 'utf8')) as { trace: number[] };
    return splashAreasPerFrame(saved.trace, entryStart, frameCount);
  }
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const window = splashWindow(entryStart, pose.width, pose.height);
  const canvas = createCanvas(window.width, window.height);
  const ctx = canvas.getContext('2d');
  const frames: RgbaFrame[] = [];
  for (let f = window.from; f < frameCount; f++) {
    const image = await loadImage(readFileSync(dataset.framePath(record, f)));
    ctx.drawImage(image, 0, 0, window.width, window.height);
    const data = ctx.getImageData(0, 0, window.width, window.height);
    frames.push({ width: window.width, height: window.height, data: data.data });
  }
  const measured = measureClipSplash(frames, entryStart, window, pose.fps, (f) => {
    const b = pose.noisy.box[f];
    return b ? { x1: b[0], y1: b[1], x2: b[2], y2: b[3] } : null;
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify({ trace: measured.trace, areaSeconds: measured.areaSeconds, reason: measured.reason ?? null }));
  return splashAreasPerFrame(measured.trace, entryStart, frameCount);
}

/**
 * The camera path of a whole clip as the app computes it (src/pipeline/splash/cameraPath.ts): every
 * frame decoded at `cameraPathSize`. Cached on disk.
 */
export async function clipCameraPath(dataset: FineDivingDataset, record: FineDivingRecord, width: number, height: number, frameCount: number, cacheDir: string): Promise<ClipCameraPath> {
  const size = cameraPathSize(width, height);
  const cached = join(cacheDir, `${record.event}_${record.index}_camera-${size.width}.json`);
  if (existsSync(cached)) {
    const saved = JSON.parse(readFileSync(cached, 'utf8')) as { zoom: number[]; shiftX: number[]; shiftY: number[]; residual: number; pixelsPerCell: number };
    return { zoom: Float64Array.from(saved.zoom), shiftX: Float64Array.from(saved.shiftX), shiftY: Float64Array.from(saved.shiftY), residual: saved.residual, pixelsPerCell: saved.pixelsPerCell };
  }
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  const tracker = new ClipCameraPathTracker(width);
  for (let f = 0; f < frameCount; f++) {
    const image = await loadImage(readFileSync(dataset.framePath(record, f)));
    ctx.drawImage(image, 0, 0, size.width, size.height);
    tracker.push({ width: size.width, height: size.height, data: ctx.getImageData(0, 0, size.width, size.height).data });
  }
  const path = tracker.result();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify({ zoom: [...path.zoom], shiftX: [...path.shiftX], shiftY: [...path.shiftY], residual: path.residual, pixelsPerCell: path.pixelsPerCell }));
  return path;
}

export async function loadDataset(root: string, options: DatasetOptions): Promise<LoadedDataset> {
  const dataset = openFineDiving(root);
  const limit = (records: FineDivingRecord[]) => (options.limitClips > 0 ? records.slice(0, options.limitClips) : records);
  const splits = options.splits ?? ['train', 'test'];
  const jobs = [
    ...(splits.includes('train') ? limit(dataset.train).map((r) => ({ r, split: 'train' as const })) : []),
    ...(splits.includes('test') ? limit(dataset.test).map((r) => ({ r, split: 'test' as const })) : []),
  ];
  const clips: Clip[] = [];
  const withoutAppPoses: string[] = [];
  let fps = 25;
  let done = 0;
  for (const { r, split } of jobs) {
    if (options.poses === 'app') {
      const loaded = await appPoseClip(dataset, r, split, options);
      if (loaded) {
        clips.push(loaded.clip);
        fps = loaded.fps;
      } else withoutAppPoses.push(r.id);
      options.onProgress?.(++done, jobs.length);
      continue;
    }
    const pose = dataset.readPose(r);
    if (!pose) throw new Error(`${r.id}: no pose file at ${dataset.posePath(r)} (extract poses first)`);
    fps = pose.fps;
    const truth = (dataset.readTruth(r) ?? {}) as Truth;
    const postprocess = options.poses === 'noisy' && options.posePostprocess === 'app';
    const joints = simulatedInputJoints(pose, options);
    const takeOffApp = options.takeOffPoses === 'app' && options.poses === 'noisy';
    const takeOffJoints = takeOffApp && !postprocess ? appPostprocessed(joints, pose.fps) : joints;
    const frameCount = joints.length;
    const transitions = r.steps_transit_frames.length > 0 ? transitionsFromSteps(r.steps_transit_frames) : { takeOffEnd: 0, entryStart: frameCount - 1 };
    const splashArea =
      options.splash === 'measured'
        ? await measuredSplashArea(dataset, r, pose, Math.min(transitions.entryStart, frameCount - 1), frameCount, options.cacheDir)
        : truth.splash
          ? simulatedSplashArea(truth, pose, frameCount)
          : new Float32Array(frameCount);
    const inputs = buildModelInputs({ joints, width: pose.width, height: pose.height, splashArea }, options.frames);
    const cameraPath = options.sceneTrack ? await clipCameraPath(dataset, r, pose.width, pose.height, frameCount, options.cacheDir) : null;
    let noiseSource: NoiseSourceFrame[] | null = null;
    if (options.poseNoise === 'resampled' && split === 'train') {
      noiseSource = noiseSourceOf(pose, truth as NoiseTruth);
      if (!noiseSource) throw new Error(`${r.id}: poseNoise "resampled" needs the simulator's truth file (orientation, blur, camera per frame)`);
    }
    clips.push({
      ...labelsOf(r, split, truth),
      ...inputFieldsOf(inputs, transitions, frameCount),
      splashScore: splashScoreOfTrace(splashArea, fps),
      sceneTrack: cameraPath ? trackOf(cameraPath, inputs.frameIndices, inputs.boxes, options.sceneTrackNormalisation ?? 'scene-track/1', takeOffJoints, pose.fps) : null,
      ...(noiseSource ? { noise: { source: noiseSource, width: pose.width, height: pose.height, cameraPath, fps: pose.fps, sceneTrackNormalisation: options.sceneTrackNormalisation ?? 'scene-track/1', postprocess, takeOffApp } } : {}),
      pixels: options.pixels ? await clipPixels(dataset, r, inputs.frameIndices, inputs.boxes, options.crop, options.cacheDir, postprocess ? '_app' : '') : null,
    });
    options.onProgress?.(++done, jobs.length);
  }
  return { dataset, train: clips.filter((c) => c.split === 'train'), test: clips.filter((c) => c.split === 'test'), fps, withoutAppPoses };
}

/** A clip's identity and targets: the dive, its panel and (simulator only) its true award. */
function labelsOf(r: FineDivingRecord, split: 'train' | 'test', truth: Truth): Pick<Clip, 'id' | 'split' | 'record' | 'diveNumber' | 'height' | 'dd' | 'awards' | 'officialScore' | 'awardSum' | 'trueAwardSum' | 'boardDeductions'> {
  const trueAward = truth.judging?.trueAward;
  return {
    id: r.id,
    split,
    record: r,
    diveNumber: r.dive_number.toUpperCase(),
    height: heightOf(truth.dive?.height ?? r.event),
    dd: r.difficulty,
    awards: r.judge_scores,
    officialScore: r.dive_score,
    awardSum: r.dive_score / r.difficulty,
    trueAwardSum: trueAward === undefined ? null : 3 * trueAward,
    boardDeductions: truth.judging?.deductions ? boardDeductionsOf(truth.judging.deductions) : null,
  };
}

/** The sampled model inputs and the annotated stages on the model's axis. */
function inputFieldsOf(inputs: ReturnType<typeof buildModelInputs>, transitions: FrameTransitions, frameCount: number): Pick<Clip, 'frameCount' | 'frameIndices' | 'transitions' | 'boundaries' | 'boxes' | 'poses' | 'splash'> {
  return { frameCount, frameIndices: inputs.frameIndices, transitions, boundaries: boundariesOnModelAxis(transitions, inputs.frameIndices), boxes: inputs.boxes, poses: inputs.poses, splash: inputs.splash };
}

/** Reads a small JSON cache file, or computes and writes it. */
async function cachedJson<T>(path: string, compute: () => Promise<T>): Promise<T> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const value = await compute();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
  return value;
}

/**
 * A clip as the app sees it: the app pose stage's poses of the MP4 (cached by eval:app), the splash
 * from the annotated entry and the camera path, both measured by the app's clip analysis
 * (src/pipeline/aqa/clipAnalysis.ts) on the MP4's presented frames as ffmpeg decodes them (the
 * parity test proves these the frames the browser's decoder gives). Null when the poses are not cached.
 */
/** The joints a simulated clip's inputs are built from: the render's noisy (optionally post-processed as the app does) or clean joints. */
function simulatedInputJoints(pose: DivePoseFile, options: Pick<DatasetOptions, 'poses' | 'posePostprocess'>): Float32Array[] {
  if (options.poses === 'noisy' && options.posePostprocess === 'app') return appPostprocessed(jointsOf(pose, 'noisy'), pose.fps);
  return jointsOf(pose, options.poses === 'clean' ? 'clean' : 'noisy');
}

/** The app pose stage's cached poses of a clip, one array per frame; null when none are cached. */
function appInputJoints(r: FineDivingRecord, appPoses: string): { pose: NonNullable<ReturnType<typeof readAppPoseFile>>; joints: Float32Array[]; width: number; height: number } | null {
  const pose = readAppPoseFile(join(appPoses, `${r.id.replace(/[/:]/g, '_')}.json`), frameCountOf(r));
  if (!pose) return null;
  const joints = Array.from({ length: pose.frameCount }, (_, f) => pose.joints.slice(f * JOINT_COUNT * 3, (f + 1) * JOINT_COUNT * 3));
  return { pose, joints, width: pose.width, height: pose.height };
}

/**
 * A clip's model-input poses ([T, 16, 3], crop-centred) as `loadDataset` builds them, without the
 * splash, camera path or pixels (no decoding): what a pack's exemplar bank draws. Null when the
 * clip has no poses (an app-pose dataset without that clip's cached poses).
 */
export function modelInputPosesOf(dataset: FineDivingDataset, r: FineDivingRecord, options: Pick<DatasetOptions, 'poses' | 'posePostprocess' | 'appPoses' | 'frames'>): Float32Array | null {
  let source: { joints: Float32Array[]; width: number; height: number } | null;
  if (options.poses === 'app') {
    if (!options.appPoses) throw new Error('poses "app" needs the folder of cached app poses (train.appPoses)');
    source = appInputJoints(r, options.appPoses);
  } else {
    const pose = dataset.readPose(r);
    source = pose ? { joints: simulatedInputJoints(pose, options), width: pose.width, height: pose.height } : null;
  }
  if (!source) return null;
  return buildModelInputs({ joints: source.joints, width: source.width, height: source.height, splashArea: new Float32Array(source.joints.length) }, options.frames).poses;
}

async function appPoseClip(dataset: FineDivingDataset, r: FineDivingRecord, split: 'train' | 'test', options: DatasetOptions): Promise<{ clip: Clip; fps: number } | null> {
  if (!options.appPoses) throw new Error('poses "app" needs the folder of cached app poses (train.appPoses)');
  const input = appInputJoints(r, options.appPoses);
  if (!input) return null;
  const { pose, joints } = input;
  const truth = (dataset.readTruth(r) ?? {}) as Truth;
  const frameCount = pose.frameCount;
  const transitions = r.steps_transit_frames.length > 0 ? transitionsFromSteps(r.steps_transit_frames) : { takeOffEnd: 0, entryStart: frameCount - 1 };
  const entryIndex = Math.min(transitions.entryStart, frameCount - 1);
  const video = dataset.videoPath(r);
  // Keys name the render (its folder) and, for the splash, the pose run whose boxes size it.
  const key = join(options.cacheDir, 'app', basename(dataset.root), `${r.event}_${r.index}`);
  const splash = await cachedJson(`${key}_splash-${entryIndex}_${basename(options.appPoses)}.json`, async () => {
    const measured = await measureSplashOfClip(ffmpegPictures(video), pose, entryIndex);
    return { trace: measured.trace, areaSeconds: measured.areaSeconds, reason: measured.reason ?? null };
  });
  const splashArea = splashAreasPerFrame(splash.trace, entryIndex, frameCount);
  const inputs = buildModelInputs({ joints, width: pose.width, height: pose.height, splashArea }, options.frames);
  let cameraPath: ClipCameraPath | null = null;
  if (options.sceneTrack) {
    const saved = await cachedJson(`${key}_camera.json`, async () => {
      const path = await cameraPathOfClip(ffmpegPictures(video), pose);
      return { zoom: [...path.zoom], shiftX: [...path.shiftX], shiftY: [...path.shiftY], residual: path.residual, pixelsPerCell: path.pixelsPerCell };
    });
    cameraPath = { zoom: Float64Array.from(saved.zoom), shiftX: Float64Array.from(saved.shiftX), shiftY: Float64Array.from(saved.shiftY), residual: saved.residual, pixelsPerCell: saved.pixelsPerCell };
  }
  const normalisation = options.sceneTrackNormalisation ?? 'scene-track/1';
  const clip: Clip = {
    ...labelsOf(r, split, truth),
    ...inputFieldsOf(inputs, transitions, frameCount),
    splashScore: splashScoreOfTrace(splashArea, pose.fps),
    // The app measures the take-off on the poses it hands the pack: the same here.
    sceneTrack: cameraPath ? trackOf(cameraPath, inputs.frameIndices, inputs.boxes, normalisation, joints, pose.fps) : null,
    pixels: null,
  };
  return { clip, fps: pose.fps };
}

/** A backend's raw poses as the app's pose stage would hand them on (swap fix, gap repair, smoothing). */
export function appPostprocessed(joints: readonly Float32Array[], fps: number): Float32Array[] {
  return postprocessJoints(joints, postprocessOptionsOf(DEFAULT_POSE_STAGE_CONFIG, fps));
}

/** The scene track of a clip; scene-track/2 measures the take-off over the joints of every frame first. */
function trackOf(path: ClipCameraPath, frameIndices: readonly number[], boxes: readonly CropBox[], normalisation: SceneTrackNormalisation, joints: readonly Float32Array[], fps: number): Float32Array {
  return sceneTrack(path, frameIndices, boxes, normalisation, normalisation === 'scene-track/2' ? clipTakeOff(joints, path, fps).takeOff : undefined);
}

export function datasetOptions(config: RunConfig, cacheDir: string, onProgress?: DatasetOptions['onProgress']): DatasetOptions {
  return { appPoses: config.train.appPoses, posePostprocess: config.train.posePostprocess, takeOffPoses: config.train.takeOffPoses, poses: config.train.poses, splash: config.train.splash, frames: config.model.frames, crop: config.model.crop, pixels: usesPixels(config.model), sceneTrack: config.model.branches.sceneTrack, sceneTrackNormalisation: config.model.sceneTrackNormalisation, poseNoise: config.train.poseNoise, limitClips: config.limitClips, cacheDir, onProgress };
}

/**
 * Draws the clip's poses again through the noise model (key: which draw) and rebuilds what depends
 * on them: crop boxes, crop-centred poses, the scene track. Frame sampling and the splash input stay.
 * A clip with pixels keeps its boxes (its crops were cut with them): the new draw is normalised to
 * those, and the scene track stays.
 */
export function redrawPoses(clip: Clip, stats: PoseErrorStats, key: string): void {
  const noise = clip.noise;
  if (!noise) throw new Error(`${clip.id}: no noise source loaded`);
  const drawn = drawNoisyJoints(noise.source, stats, key);
  const joints = noise.postprocess ? appPostprocessed(drawn, noise.fps) : drawn;
  const takeOffJoints = noise.takeOffApp && !noise.postprocess ? appPostprocessed(drawn, noise.fps) : joints;
  const normalisation = noise.sceneTrackNormalisation;
  if (clip.pixels) {
    clip.poses = normalisePoseToCrops(clip.frameIndices.map((f) => joints[f] as Float32Array), clip.boxes);
    // The boxes stay; the take-off geometry of scene-track/2 is measured on the new draw.
    if (clip.sceneTrack && noise.cameraPath && normalisation === 'scene-track/2') clip.sceneTrack = trackOf(noise.cameraPath, clip.frameIndices, clip.boxes, normalisation, takeOffJoints, noise.fps);
    return;
  }
  const inputs = buildModelInputs({ joints, width: noise.width, height: noise.height }, clip.frameIndices.length);
  clip.boxes = inputs.boxes;
  clip.poses = inputs.poses;
  if (clip.sceneTrack && noise.cameraPath) clip.sceneTrack = trackOf(noise.cameraPath, inputs.frameIndices, inputs.boxes, normalisation, takeOffJoints, noise.fps);
}

/** Exemplar for a training query: same dive number (another clip), else same group and position, else any. */
export function pickExemplar(query: Clip, pool: readonly Clip[], byDive: ReadonlyMap<string, Clip[]>, random: SeededRandom): Clip {
  const same = (byDive.get(query.diveNumber) ?? []).filter((c) => c !== query);
  if (same.length > 0) return random.pick(same);
  const similar = pool.filter((c) => c !== query && c.diveNumber[0] === query.diveNumber[0] && c.diveNumber.at(-1) === query.diveNumber.at(-1));
  return random.pick(similar.length > 0 ? similar : pool.filter((c) => c !== query));
}

export function groupByDive(clips: readonly Clip[]): Map<string, Clip[]> {
  const out = new Map<string, Clip[]>();
  for (const c of clips) out.set(c.diveNumber, [...(out.get(c.diveNumber) ?? []), c]);
  return out;
}

export interface Pair {
  query: Clip;
  exemplar: Clip;
  mirrorQuery: boolean;
  mirrorExemplar: boolean;
}

/** One epoch of pairs: every training clip once as the query, shuffled. */
export function epochPairs(train: readonly Clip[], random: SeededRandom, mirrorProbability: number): Pair[] {
  const byDive = groupByDive(train);
  return random.shuffle([...train]).map((query) => ({
    query,
    exemplar: pickExemplar(query, train, byDive, random),
    mirrorQuery: random.next() < mirrorProbability,
    mirrorExemplar: random.next() < mirrorProbability,
  }));
}

const MIRROR_JOINT = (() => {
  const map = Array.from({ length: JOINT_COUNT }, (_, j) => j);
  for (const [r, l] of LEFT_RIGHT_PAIRS) {
    map[r] = l;
    map[l] = r;
  }
  return map;
})();

/** Left-right mirror of crop-centred poses: x → −x and left/right joints swapped. */
export function mirrorPoses(poses: Float32Array): Float32Array {
  const out = new Float32Array(poses.length);
  const frames = poses.length / (JOINT_COUNT * 3);
  for (let t = 0; t < frames; t++) {
    for (let j = 0; j < JOINT_COUNT; j++) {
      const from = (t * JOINT_COUNT + (MIRROR_JOINT[j] as number)) * 3, to = (t * JOINT_COUNT + j) * 3;
      const c = poses[from + 2] as number;
      out[to] = c > 0 ? -(poses[from] as number) : 0;
      out[to + 1] = poses[from + 1] as number;
      out[to + 2] = c;
    }
  }
  return out;
}

/** Bytes [T, S, S, 3] → floats in [0, 1], optionally mirrored left-right, written at `offset`. */
export function pixelsToFloats(pixels: Uint8Array, size: number, mirror: boolean, out: Float32Array, offset: number): void {
  const frames = pixels.length / (size * size * 3);
  for (let t = 0; t < frames; t++) {
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const src = ((t * size + row) * size + (mirror ? size - 1 - col : col)) * 3;
        const dst = offset + ((t * size + row) * size + col) * 3;
        out[dst] = (pixels[src] as number) / 255;
        out[dst + 1] = (pixels[src + 1] as number) / 255;
        out[dst + 2] = (pixels[src + 2] as number) / 255;
      }
    }
  }
}

export interface ClipBatch {
  count: number;
  poses: Float32Array;
  pixels: Float32Array | null;
  splash: Float32Array;
  /** [n, T, 5] scene tracks (mirror-invariant by construction), or null. */
  sceneTrack: Float32Array | null;
  /** [n, K·L, T] interpolation matrices from the given boundaries. */
  resample: Float32Array;
  /** [n, T, 2] one-hot transitions. */
  targets: Float32Array;
}

/** Stacks clips (each optionally mirrored) into model inputs, with their true stage boundaries. */
export function clipBatch(clips: ReadonlyArray<{ clip: Clip; mirror: boolean; boundaries?: [number, number] }>, frames: number, crop: number, stageLength: number, withPixels: boolean, sceneChannels = 0): ClipBatch {
  const n = clips.length, T = frames, poseSize = T * JOINT_COUNT * 3, pixelSize = T * crop * crop * 3, KL = STAGES * stageLength;
  const batch: ClipBatch = {
    count: n,
    poses: new Float32Array(n * poseSize),
    pixels: withPixels ? new Float32Array(n * pixelSize) : null,
    splash: new Float32Array(n * T),
    sceneTrack: sceneChannels > 0 ? new Float32Array(n * T * sceneChannels) : null,
    resample: new Float32Array(n * KL * T),
    targets: new Float32Array(n * T * 2),
  };
  clips.forEach(({ clip, mirror, boundaries }, i) => {
    batch.poses.set(mirror ? mirrorPoses(clip.poses) : clip.poses, i * poseSize);
    if (batch.pixels) {
      if (!clip.pixels) throw new Error(`${clip.id}: no pixels loaded`);
      pixelsToFloats(clip.pixels, crop, mirror, batch.pixels, i * pixelSize);
    }
    batch.splash.set(clip.splash, i * T);
    if (batch.sceneTrack) {
      if (clip.sceneTrack?.length !== T * sceneChannels) throw new Error(`${clip.id}: ${clip.sceneTrack ? `a scene track of ${clip.sceneTrack.length / T} channels, not ${sceneChannels}` : 'no scene track loaded'}`);
      batch.sceneTrack.set(clip.sceneTrack, i * T * sceneChannels);
    }
    const b = boundaries ?? clip.boundaries;
    batch.resample.set(resampleMatrix(b, T, stageLength), i * KL * T);
    batch.targets.set(transitionTargets(clip.boundaries, T), i * T * 2);
  });
  return batch;
}
