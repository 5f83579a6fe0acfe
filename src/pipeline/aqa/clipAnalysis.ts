/**
 * The analysis of one clip, from the pose stage's output and the decoded frames to a scored dive:
 * model inputs from the poses, crops, camera path and scene track, splash, encoder, stage
 * transitions, comparison and vote. Framework-free: the browser's scoring worker
 * (src/workers/aqa.worker.ts) and Node (scripts/lib/nodeAnalysis.ts: evaluation, training, the
 * parity test) run this same code with their own frame decoder and ONNX runtime injected — frames
 * as `ClipPictures` (decoder planes, converted here by `pictureToRgba`), models through the
 * `PackScorer`'s session factory.
 */
import type { PackScorer, ClipInputs, ClipScore, EncodedClip } from './packScorer.ts';
import { SAMPLING_SHIFTS, buildModelInputs, cropToTensor, modelSplashPerFrame, type ModelInputs } from './inputs.ts';
import { boundariesOnModelAxis, boundariesToFrames, type FrameTransitions } from './stages.ts';
import { sceneTrack, sceneTrackChannels } from './sceneTrack.ts';
import { clipTakeOff, type TakeOffGeometry } from './takeOff.ts';
import { JOINT_COUNT } from '../pose/skeleton.ts';
import type { SplashMeasurement } from '../splash/types.ts';
import { measureClipSplash, SplashGridMaker, splashGridsFromTail, splashSeenLongEnough, splashWindow } from '../splash/clipSplash.ts';
import { ClipCameraPathTracker, cameraPathSize, type ClipCameraPath } from '../splash/cameraPath.ts';
import { pictureToRgba, type DecodedPicture } from '../video/picture.ts';
import { CUT_AT_ENTRY, VIEW_ENDS_BEFORE_SPLASH, shotCuts, shotsOf } from '../video/shots.ts';
import { clipTimeScale, slowMotionFactor, type AnalysedTimeScale, type ReplayLeftOut } from './replays.ts';
import { needsHalves, readSideBySide } from '../video/sideBySide.ts';
import { DEFAULT_PRE_ENTRY_FRAMES } from '../splash/measure.ts';
import type { SplashRecord } from '../analysis/record.ts';
import type { ClipPoseInput } from '../pose/packed.ts';

/** The pose stage's output for one clip (packed, frame pixels). */
export type { ClipPoseInput };

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
  inputs: { poses: Float32Array; splash: Float32Array; sceneTrack?: Float32Array; resampled?: ResampledInputs[] };
  /** Take-off geometry with the camera's motion undone (takeOff.ts); null when not measurable (or not in the clip). */
  takeOff: TakeOffGeometry | null;
  /** The clip starts with the diver already in the air (takeOff.ts): its take-off is not in it. */
  startsInFlight: boolean;
  /** Frames that start a new shot (a cut to another camera or a replay: video/shots.ts); empty for one continuous shot. */
  cuts: number[];
  /** The slow-motion replay left out of the analysis (replays.ts): every input above comes from the frames before it. */
  replay: ReplayLeftOut | null;
  /** How many times slower than real time the analysed part plays (replays.ts); null when no fall was seen to tell. */
  slowdown: number | null;
  splash: SplashSummary | null;
  /**
   * decodeMs: frames for crops; sceneMs: decoding every frame small and tracking the camera (scene
   * track); splashMs: measuring the post-entry frames, and decoding them where the pose pass did
   * not keep them (splashFramesDecoded: the frames that decode went through, lead-in included; 0
   * when the splash read the pose pass's tail).
   */
  timings: { decodeMs: number; encodeMs: number; splashMs: number; sceneMs: number; encodePasses: number; splashFramesDecoded: number };
}

/**
 * The clip's frames in presentation order (index 0 is the first frame a viewer sees), from `from`
 * (frames before it may be decoded, never yielded) up to and including `to`. A picture is valid
 * until the next one is requested.
 */
export type ClipPictures = (range: { from?: number; to?: number }) => AsyncIterable<{ index: number; picture: DecodedPicture }>;

export interface AnalysisContext {
  progress(done: number, total: number, stage: string): void;
  isCancelled(): boolean;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'AnalysisCancelled';
  }
}

const now = (): number => performance.now();

function jointsPerFrame(pose: ClipPoseInput): Float32Array[] {
  return Array.from({ length: pose.frameCount }, (_, f) => pose.joints.subarray(f * JOINT_COUNT * 3, (f + 1) * JOINT_COUNT * 3));
}

/** One encode with empty inputs, so the first real clip is not slowed by kernel set-up. */
export async function warmUpScorer(scorer: PackScorer): Promise<void> {
  const spec = scorer.manifest.inputs;
  const T = spec.frames;
  const warm: ClipInputs = {};
  if (spec.joints) warm.poses = new Float32Array(T * JOINT_COUNT * 3);
  if (spec.crop) warm.frames = new Float32Array(T * spec.crop.size ** 2 * 3);
  if (spec.splash) warm.splash = new Float32Array(T);
  if (spec.sceneTrack) warm.sceneTrack = new Float32Array(T * sceneTrackChannels(spec.sceneTrack.normalisation));
  await scorer.encode(warm);
}

/** RGB crops of the sampled frames around the diver ([T, S, S, 3]), for packs with visual branches. */
async function cropFrames(pictures: ClipPictures, pose: ClipPoseInput, model: ModelInputs, size: number, isCancelled: () => boolean): Promise<Float32Array> {
  const out = new Float32Array(model.frameIndices.length * size * size * 3);
  const wanted = new Map<number, number[]>();
  model.frameIndices.forEach((f, t) => wanted.set(f, [...(wanted.get(f) ?? []), t]));
  const last = Math.max(...model.frameIndices);
  let buffer: Uint8ClampedArray | undefined;
  for await (const { index, picture } of pictures({ to: last })) {
    if (isCancelled()) throw new AnalysisCancelled();
    const slots = wanted.get(index);
    if (!slots) continue;
    const image = pictureToRgba(picture, pose.width, pose.height, buffer);
    buffer = image.data;
    for (const t of slots) cropToTensor(image, model.boxes[t] as ModelInputs['boxes'][number], size, out, t * size * size * 3);
  }
  return out;
}

/**
 * The clip's camera path as the analysis reads it: measured by the pose pass on its own decode when
 * it could (the browser), else decoded here; and whether the picture is two clips side by side
 * (video/sideBySide.ts), which decides how the diver is placed in the scene.
 */
async function analysedCameraPath(pictures: ClipPictures, pose: ClipPoseInput, isCancelled: () => boolean): Promise<ClipCameraPath> {
  let measured = pose.cameraPath && pose.cameraPath.zoom.length === pose.frameCount ? pose.cameraPath : await cameraPathOfClip(pictures, pose, isCancelled);
  // A seam down the middle: the halves' own paths, on a decode of their own (a composite is rare; tracking them on every clip would double the camera path's work).
  if (needsHalves(measured)) measured = await cameraPathOfClip(pictures, pose, isCancelled, { halves: true });
  return readSideBySide(measured);
}

/** The camera's pan and zoom over every frame of the clip, each decoded at `cameraPathSize` (the trainer measures its clips with this too). */
export async function cameraPathOfClip(pictures: ClipPictures, pose: Pick<ClipPoseInput, 'width' | 'height'>, isCancelled: () => boolean = () => false, options: { halves?: boolean } = {}): Promise<ClipCameraPath> {
  const size = cameraPathSize(pose.width, pose.height);
  const tracker = new ClipCameraPathTracker(pose.width, options);
  let buffer: Uint8ClampedArray | undefined;
  for await (const { picture } of pictures({})) {
    if (isCancelled()) throw new AnalysisCancelled();
    const image = pictureToRgba(picture, size.width, size.height, buffer);
    buffer = image.data;
    tracker.push(image);
  }
  return tracker.result();
}

/**
 * Splash from pixels (eq. 21): frames from a little before the entry (the model's; the trainer gives the annotated one) to the end, scaled
 * down, with the diver's last box before entry as the size reference (splash/clipSplash.ts).
 */
export async function measureSplashOfClip(pictures: ClipPictures, pose: ClipPoseInput, entryStart: number, isCancelled: () => boolean = () => false, lastFrame?: number): Promise<SplashMeasurement & { from: number; framesDecoded: number }> {
  const window = splashWindow(entryStart, pose.width, pose.height);
  // The pose pass's tail when it holds the window (the same planes through the same pictureToRgba), else a decode.
  let frames = splashGridsFromTail(pose.splashTail, window, pose.frameCount, lastFrame);
  let framesDecoded = 0;
  if (!frames) {
    const maker = new SplashGridMaker(window);
    for await (const { picture } of pictures({ from: window.from, ...(lastFrame !== undefined ? { to: lastFrame } : {}) })) {
      if (isCancelled()) throw new AnalysisCancelled();
      maker.push(picture);
    }
    frames = maker.result();
    framesDecoded = window.from + frames.grids.length;
  }
  const measured = measureClipSplash(frames, entryStart, window, pose.fps, (f) => {
    if (f < 0 || f >= pose.frameCount) return null;
    const b = pose.boxes.subarray(f * 4, f * 4 + 4);
    return Number.isFinite(b[0]) ? { x1: b[0] ?? 0, y1: b[1] ?? 0, x2: b[2] ?? 0, y2: b[3] ?? 0 } : null;
  });
  return { ...measured, framesDecoded };
}

/** Frames of one view the splash needs after the entry to be measured at all (0.2 s). */
const SPLASH_MIN_VIEW_S = 0.2;

/**
 * Whether the splash can be read in the shot that shows the entry: not when the clip cuts to
 * another camera between the frames before the entry (the background the splash is measured
 * against) and 0.2 s after it; otherwise the measurement stops before the next cut.
 */
export function splashView(cuts: readonly number[], entryIndex: number, fps: number): { measurable: boolean; lastFrame?: number } {
  const cut = cuts.find((c) => c > entryIndex - DEFAULT_PRE_ENTRY_FRAMES);
  if (cut === undefined) return { measurable: true };
  if (cut <= entryIndex + Math.ceil(SPLASH_MIN_VIEW_S * fps)) return { measurable: false };
  return { measurable: true, lastFrame: cut - 1 };
}

/** Encodes a clip: model inputs, crops, scene track, then the encoder; with a splash branch, the splash from the model's own entry and a second encode. */
export async function analyseClip(scorer: PackScorer, pictures: ClipPictures, pose: ClipPoseInput, context: AnalysisContext): Promise<{ clip: AnalysedClip; encoded: EncodedClip }> {
  const spec = scorer.manifest.inputs;
  const T = spec.frames;
  const isCancelled = () => context.isCancelled();
  const timings: AnalysedClip['timings'] = { decodeMs: 0, encodeMs: 0, splashMs: 0, sceneMs: 0, encodePasses: 0, splashFramesDecoded: 0 };
  const encode = async (inputs: ClipInputs): Promise<EncodedClip> => {
    const started = now();
    const result = await scorer.encode(inputs);
    timings.encodeMs += now() - started;
    timings.encodePasses++;
    return result;
  };
  const steps = 3 + (spec.crop ? 1 : 0) + (spec.splash ? 2 : 0);
  let step = 0;
  // Every frame at `cameraPathSize` (shared with the trainer): the camera path gives the shot cuts,
  // the replay left out, the take-off geometry for the kinematics panel and, for packs that take
  // it, the scene track (the crop boxes placed in the scene; scene-track/2 adds the take-off geometry).
  context.progress(step++, steps, 'Following the camera');
  const sceneStarted = now();
  const path = await analysedCameraPath(pictures, pose, isCancelled);
  const cuts = shotCuts(path.pairResidual ?? [], path.lagChange);
  const everyFrame = jointsPerFrame(pose);
  const timeScale = clipTimeScale(everyFrame, path, pose.fps, shotsOf(pose.frameCount, cuts));
  // The analysis reads the live dive alone: the frames before a slow-motion replay.
  const joints = timeScale.replay ? everyFrame.slice(0, timeScale.replay.start) : everyFrame;
  // A clip in slow motion throughout is read at its real time: the fall, the splash's seconds.
  const realTime = { ...pose, fps: pose.fps * slowMotionFactor(timeScale) };
  const { startsInFlight, takeOff } = clipTakeOff(joints, path, realTime.fps);
  const model = buildModelInputs({ joints, width: pose.width, height: pose.height }, T);
  const inputs: ClipInputs = { poses: model.poses };
  if (spec.sceneTrack) inputs.sceneTrack = sceneTrack(path, model.frameIndices, model.boxes, spec.sceneTrack.normalisation, takeOff);
  timings.sceneMs = now() - sceneStarted;
  if (spec.crop) {
    context.progress(step++, steps, 'Cropping the diver');
    const started = now();
    inputs.frames = await cropFrames(pictures, pose, model, spec.crop.size, isCancelled);
    timings.decodeMs += now() - started;
  }
  if (spec.splash) inputs.splash = model.splash;
  context.progress(step++, steps, 'Encoding the dive');
  let result = await encode(inputs);
  if (isCancelled()) throw new AnalysisCancelled();
  let splash: SplashSummary | null = null;
  let splashPerFrame: Float32Array | null = null;
  if (spec.splash) {
    // The splash is measured from the model's own entry, then the clip is encoded again with it.
    context.progress(step++, steps, 'Measuring the splash');
    const entryStart = boundariesToFrames(result.boundaries, model.frameIndices).entryStart;
    const entryIndex = Math.min(entryStart, joints.length - 1);
    const started = now();
    const view = splashView(cuts, entryIndex, realTime.fps);
    if (view.measurable) {
      const measured = await measureSplashOfClip(pictures, realTime, entryIndex, isCancelled, view.lastFrame);
      timings.splashFramesDecoded = measured.framesDecoded;
      splash = measured.reason || splashSeenLongEnough(measured.trace, realTime.fps, view.lastFrame !== undefined)
        ? { score: measured.score, areaSeconds: measured.areaSeconds, confidence: measured.confidence, reason: measured.reason ?? null, entryIndex, trace: measured.trace }
        : // Part of a splash: the checklist reads none; the trace stays for the model (modelSplashPerFrame) and for its onset (the water contact).
          { score: 0, areaSeconds: 0, confidence: 0, reason: VIEW_ENDS_BEFORE_SPLASH, entryIndex, trace: measured.trace };
    } else {
      // No splash to read: the model gets none, as for a failed measurement, and the clip says why.
      splash = { score: 0, areaSeconds: 0, confidence: 0, reason: CUT_AT_ENTRY, entryIndex, trace: [] };
    }
    timings.splashMs = now() - started; // measuring the post-entry frames (+ decoding them, without the pose pass's tail)
    splashPerFrame = modelSplashPerFrame(splash, pose.frameCount);
    const perFrame = splashPerFrame;
    inputs.splash = Float32Array.from(model.frameIndices, (f) => perFrame[f] ?? 0);
    context.progress(step++, steps, 'Encoding the dive with its splash');
    result = await encode(inputs);
  }
  // The other samplings of the clip's frames (SAMPLING_SHIFTS), scored and averaged in with this
  // one. Not for a pack that looks at the pixels: each would crop the clip again.
  const resampled: ResampledInputs[] = [];
  if (!spec.crop) {
    const encodedAgain: EncodedClip[] = [];
    for (const shift of SAMPLING_SHIFTS.slice(1)) {
      const other = buildModelInputs({ joints, width: pose.width, height: pose.height }, T, undefined, shift);
      const perFrame = splashPerFrame;
      const again: ResampledInputs = { frameIndices: other.frameIndices, poses: other.poses, splash: perFrame ? Float32Array.from(other.frameIndices, (f) => perFrame[f] ?? 0) : other.splash };
      if (spec.sceneTrack) again.sceneTrack = sceneTrack(path, other.frameIndices, other.boxes, spec.sceneTrack.normalisation, takeOff);
      encodedAgain.push(await encode(again));
      if (isCancelled()) throw new AnalysisCancelled();
      resampled.push(again);
    }
    result = { ...result, resampled: encodedAgain };
  }
  context.progress(step, steps, 'Encoded');
  const clip: AnalysedClip = {
    frameIndices: model.frameIndices,
    boundaries: result.boundaries,
    transitionProbs: result.transitionProbs.slice(),
    inputs: { poses: model.poses, splash: inputs.splash ?? new Float32Array(T), ...(inputs.sceneTrack ? { sceneTrack: inputs.sceneTrack } : {}), ...(resampled.length ? { resampled } : {}) },
    splash,
    takeOff,
    startsInFlight,
    cuts,
    replay: timeScale.replay,
    slowdown: timeScale.slowdown,
    timings,
  };
  return { clip, encoded: result };
}

/** The encoder inputs of one more sampling of the clip's frames (SAMPLING_SHIFTS). */
export interface ResampledInputs {
  frameIndices: number[];
  poses: Float32Array;
  splash: Float32Array;
  sceneTrack?: Float32Array;
}

/** What a saved analysis keeps of its encoder inputs, enough to encode it again without the clip. */
export interface SavedEncoderInputs {
  poses: Float32Array;
  splash: Float32Array;
  sceneTrack?: Float32Array;
  frameIndices: number[];
  /** The other samplings' inputs (absent in analyses saved before the thirty-first session: scored on one, as they were). */
  resampled?: ResampledInputs[];
}

/** Re-encodes a saved analysis from its encoder inputs (packs that need no pixels of the clip). */
export async function restoreEncodedClip(scorer: PackScorer, saved: SavedEncoderInputs): Promise<{ clip: AnalysedClip; encoded: EncodedClip }> {
  const T = scorer.manifest.inputs.frames, scene = scorer.manifest.inputs.sceneTrack;
  if (scorer.manifest.inputs.crop || (scene && saved.sceneTrack?.length !== T * sceneTrackChannels(scene.normalisation))) throw new Error('this pack looks at the pixels: open the clip to score it again');
  if (saved.frameIndices.length !== T) throw new Error(`the saved analysis has ${saved.frameIndices.length} model frames, this pack takes ${T}`);
  const resampled = saved.resampled ?? [];
  for (const again of resampled) {
    if (again.frameIndices.length !== T || (scene && again.sceneTrack?.length !== T * sceneTrackChannels(scene.normalisation))) throw new Error(`the saved analysis's other samplings do not fit this pack (${T} model frames)`);
  }
  const inputs = { poses: saved.poses, splash: saved.splash, ...(saved.sceneTrack ? { sceneTrack: saved.sceneTrack } : {}), ...(resampled.length ? { resampled } : {}) };
  const started = now();
  const encoded = await scorer.encodeSamplings(inputs, resampled);
  const timings: AnalysedClip['timings'] = { decodeMs: 0, encodeMs: now() - started, splashMs: 0, sceneMs: 0, encodePasses: 1 + resampled.length, splashFramesDecoded: 0 };
  return { clip: { frameIndices: saved.frameIndices, boundaries: encoded.boundaries, transitionProbs: encoded.transitionProbs.slice(), inputs, splash: null, takeOff: null, startsInFlight: false, cuts: [], replay: null, slowdown: null, timings }, encoded };
}

/** A clip's stage features for this pack with the given transitions (to add it to the personal library). */
export async function exemplarFeaturesOfClip(
  scorer: PackScorer,
  pictures: ClipPictures | null,
  pose: ClipPoseInput,
  splash: SplashSummary | null,
  transitions: FrameTransitions,
  time: AnalysedTimeScale,
  isCancelled: () => boolean,
): Promise<{ fused: Float32Array; static: Float32Array | null; boundaries: [number, number]; frames: number }> {
  const spec = scorer.manifest.inputs;
  // The frames and the clock its analysis read (analyseClip): the live dive before a replay, a slow-motion clip at its real time.
  const everyFrame = jointsPerFrame(pose);
  const joints = time.replay ? everyFrame.slice(0, time.replay.start) : everyFrame;
  const model = buildModelInputs({ joints, width: pose.width, height: pose.height }, spec.frames);
  const inputs: ClipInputs = { poses: model.poses };
  if (spec.crop) {
    if (!pictures) throw new Error('this pack looks at the pixels, and the clip of this exemplar is not available');
    inputs.frames = await cropFrames(pictures, pose, model, spec.crop.size, isCancelled);
  }
  if (spec.sceneTrack) {
    if (!pictures) throw new Error('this pack follows the diver through the scene, and the clip of this exemplar is not available');
    const path = await analysedCameraPath(pictures, pose, isCancelled);
    inputs.sceneTrack = sceneTrack(path, model.frameIndices, model.boxes, spec.sceneTrack.normalisation, clipTakeOff(joints, path, pose.fps * slowMotionFactor(time)).takeOff);
  }
  if (spec.splash) {
    const perFrame = modelSplashPerFrame(splash, pose.frameCount);
    inputs.splash = Float32Array.from(model.frameIndices, (f) => perFrame[f] ?? 0);
  }
  const clip = await scorer.encode(inputs);
  const boundaries = boundariesOnModelAxis(transitions, model.frameIndices);
  const features = await scorer.exemplarFeatures(clip, boundaries);
  return { fused: features.fused, static: features.static, boundaries, frames: spec.frames };
}

export interface ScoreRequest {
  /** Model-axis boundaries (the judge's edited stages), or null for the encoder's own. */
  boundaries: [number, number] | null;
  /** Exemplars the judge chose, or null to let the pack choose `voteN` of this dive. */
  exemplars: number[] | null;
  dive: { diveNumber: string; height: number | null; dd: number };
  voteN: number;
  /** Exemplar ids left out of the vote (the clip itself, when it is in the library). */
  exclude?: string[];
}

/** Compares the encoded clip with its exemplars and votes. */
export async function scoreEncodedClip(scorer: PackScorer, encoded: EncodedClip, request: ScoreRequest, onCompare?: (exemplarCount: number) => void): Promise<{ score: ClipScore; compareMs: number }> {
  const excluded = new Set(request.exclude ?? []);
  const exemplars = request.exemplars ?? scorer.chooseExemplars(request.dive, request.voteN, excluded.size ? (e) => excluded.has(e.id) : undefined);
  if (exemplars.length === 0) throw new Error(`The pack has no exemplar of dive ${request.dive.diveNumber} or a similar one.`);
  onCompare?.(exemplars.length);
  const started = now();
  const score = await scorer.scoreEncoded(encoded, request.boundaries, exemplars, request.dive.dd);
  return { score, compareMs: now() - started };
}
