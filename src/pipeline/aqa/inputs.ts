/**
 * Model inputs for HP-MCoRe packs, computed the same way by the trainer and the app: uniform frame
 * sampling, diver-centred square crop boxes found from the pose, poses normalised to those crops,
 * the splash trace, and RGB crops. Framework-free (no tfjs, no onnxruntime, no DOM types beyond a
 * plain RGBA pixel buffer).
 *
 * Pose normalisation ("crop-centred"): for sampled frame t with crop box (cx, cy, side),
 *   x' = (x − cx) / (side / 2),  y' = (y − cy) / (side / 2),  c' = confidence
 * so a joint inside the crop lies in [−1, 1]. A joint with confidence 0 (or NaN coordinates) becomes
 * (0, 0, 0).
 */
import { JOINT_COUNT, JOINT_STRIDE } from '../pose/skeleton.ts';
import type { PoseSequence } from '../pose/types.ts';
import { median } from '../math/stats.ts';
import { VIEW_ENDS_BEFORE_SPLASH } from '../video/shots.ts';

/** A square crop box in frame pixels: centre and side. */
export interface CropBox {
  cx: number;
  cy: number;
  side: number;
}

export interface CropOptions {
  /** Joints below this confidence do not shape the box. */
  minConfidence: number;
  /** Box side = margin × the larger extent of the confident joints. */
  margin: number;
  /** Smallest side as a fraction of the clip's median side (guards against collapsed poses). */
  minSideFraction: number;
  /** Joints needed for a frame to have its own box; other frames take their neighbours'. */
  minJoints: number;
}

export const DEFAULT_CROP_OPTIONS: CropOptions = { minConfidence: 0.05, margin: 1.3, minSideFraction: 0.6, minJoints: 4 };

/**
 * Indices of `count` frames spread uniformly over [0, frameCount − 1], first and last included
 * (rounded to the nearest frame). With fewer frames than `count`, frames repeat.
 */
export function uniformFrameIndices(frameCount: number, count: number): number[] {
  if (!Number.isInteger(frameCount) || frameCount < 1) throw new Error(`frameCount must be a positive integer, got ${frameCount}`);
  if (!Number.isInteger(count) || count < 2) throw new Error(`count must be an integer ≥ 2, got ${count}`);
  return Array.from({ length: count }, (_, i) => Math.round((i * (frameCount - 1)) / (count - 1)));
}

/**
 * One square box per frame around the confident joints (× margin). Frames with too few joints take
 * the box of the nearest frames that have one (linear in between, held at the ends); a clip with
 * no usable frame gets the whole picture. Sides are then kept above minSideFraction × median and
 * smoothed with a 3-frame moving average (the pose jitters more than the diver's size does).
 */
export function cropBoxesFromPoses(joints: readonly Float32Array[], frameWidth: number, frameHeight: number, options: CropOptions = DEFAULT_CROP_OPTIONS): CropBox[] {
  const raw: Array<CropBox | null> = joints.map((frame) => {
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity, n = 0;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const x = frame[j * JOINT_STRIDE] ?? Number.NaN, y = frame[j * JOINT_STRIDE + 1] ?? Number.NaN, c = frame[j * JOINT_STRIDE + 2] ?? 0;
      if (!(c >= options.minConfidence) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      x1 = Math.min(x1, x); x2 = Math.max(x2, x); y1 = Math.min(y1, y); y2 = Math.max(y2, y);
      n++;
    }
    if (n < options.minJoints) return null;
    return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, side: Math.max(x2 - x1, y2 - y1, 1) * options.margin };
  });
  const known = raw.flatMap((b, i) => (b ? [i] : []));
  if (known.length === 0) {
    const whole: CropBox = { cx: frameWidth / 2, cy: frameHeight / 2, side: Math.max(frameWidth, frameHeight) };
    return joints.map(() => ({ ...whole }));
  }
  const filled: CropBox[] = raw.map((b, i) => {
    if (b) return b;
    let before = -1, after = -1;
    for (const k of known) {
      if (k < i) before = k;
      else if (after < 0) after = k;
    }
    const a = raw[before], z = raw[after];
    if (a && z) {
      const w = (i - before) / (after - before);
      return { cx: a.cx + (z.cx - a.cx) * w, cy: a.cy + (z.cy - a.cy) * w, side: a.side + (z.side - a.side) * w };
    }
    return { ...((a ?? z) as CropBox) };
  });
  const floor = options.minSideFraction * median(filled.map((b) => b.side));
  const sides = filled.map((b) => Math.max(b.side, floor));
  return filled.map((b, i) => {
    const lo = Math.max(0, i - 1), hi = Math.min(sides.length - 1, i + 1);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += sides[k] ?? 0;
    return { cx: b.cx, cy: b.cy, side: sum / (hi - lo + 1) };
  });
}

/** Poses (frames × 16 × 3, frame pixels) → crop-centred model input, Float32Array(T·16·3). */
export function normalisePoseToCrops(joints: readonly Float32Array[], boxes: readonly CropBox[]): Float32Array {
  if (joints.length !== boxes.length) throw new Error(`${joints.length} pose frames but ${boxes.length} crop boxes`);
  const out = new Float32Array(joints.length * JOINT_COUNT * JOINT_STRIDE);
  joints.forEach((frame, t) => {
    const box = boxes[t] as CropBox;
    const half = box.side / 2;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const at = (t * JOINT_COUNT + j) * JOINT_STRIDE;
      const x = frame[j * JOINT_STRIDE] ?? Number.NaN, y = frame[j * JOINT_STRIDE + 1] ?? Number.NaN, c = frame[j * JOINT_STRIDE + 2] ?? 0;
      if (!(c > 0) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      out[at] = (x - box.cx) / half;
      out[at + 1] = (y - box.cy) / half;
      out[at + 2] = Math.min(1, c);
    }
  });
  return out;
}

/**
 * The splash input, per original frame: white-water area ÷ the diver's reference area (the square
 * of the larger side of the diver box before entry) — exactly `SplashMeasurement.trace` of
 * src/pipeline/splash, which starts at its entry index; frames before it are 0.
 */
export function splashAreasPerFrame(trace: readonly number[], entryIndex: number, frameCount: number): Float32Array {
  const out = new Float32Array(frameCount);
  trace.forEach((a, i) => {
    const f = entryIndex + i;
    if (f >= 0 && f < frameCount && Number.isFinite(a) && a > 0) out[f] = a;
  });
  return out;
}

/** Eq. 21 on a per-frame trace at `fps` (trapezoids; the splash module's `integrateSplash`). */
export function splashScoreOfTrace(trace: ArrayLike<number>, fps: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < trace.length; i++) {
    const a = trace[i] ?? 0, b = trace[i + 1] ?? 0;
    if (a > 0 || b > 0) sum += ((a + b) / 2) / fps;
  }
  return sum;
}

/** An RGBA picture, e.g. ImageData or a decoded JPEG. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * Writes the box's square crop of `image` as size × size × 3 RGB floats in [0, 1] (bilinear,
 * pixel centres; outside the picture is black) into `out` at `offset`.
 */
export function cropToTensor(image: RgbaImage, box: CropBox, size: number, out: Float32Array, offset = 0): void {
  const scale = box.side / size;
  const x0 = box.cx - box.side / 2, y0 = box.cy - box.side / 2;
  const { data, width, height } = image;
  const texel = (x: number, y: number, ch: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 0 : (data[(y * width + x) * 4 + ch] ?? 0));
  for (let row = 0; row < size; row++) {
    const fy = y0 + (row + 0.5) * scale - 0.5;
    const iy = Math.floor(fy), wy = fy - iy;
    for (let col = 0; col < size; col++) {
      const fx = x0 + (col + 0.5) * scale - 0.5;
      const ix = Math.floor(fx), wx = fx - ix;
      const at = offset + (row * size + col) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = texel(ix, iy, ch) * (1 - wx) + texel(ix + 1, iy, ch) * wx;
        const bottom = texel(ix, iy + 1, ch) * (1 - wx) + texel(ix + 1, iy + 1, ch) * wx;
        out[at + ch] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
}

export interface ClipPoses {
  /** Per original frame: 16 × 3 (x, y, confidence) in frame pixels. */
  joints: readonly Float32Array[];
  width: number;
  height: number;
  /** Per original frame splash area ÷ reference area (`splashAreasPerFrame`); zeros when absent. */
  splashArea?: ArrayLike<number>;
}

export interface ModelInputs {
  /** Original frame index of each model frame. */
  frameIndices: number[];
  boxes: CropBox[];
  /** [T, 16, 3] crop-centred. */
  poses: Float32Array;
  /** [T] splash input (zeros without a splash measurement). */
  splash: Float32Array;
}

/**
 * The shifts, in frames, of the samplings the app scores a clip on and averages (`analyseClip`,
 * `PackScorer.scoreEncoded`): the model's 32 frames as sampled, one frame earlier and one later.
 * One frame of sampling moved a dive's score by a median 3.35 points on the 150 simulated test
 * dives; the three averaged scored nearer the panels than any one on two draws of the poses
 * (docs/measurements.md, thirty-first session). The first is the sampling the stages are shown on.
 */
export const SAMPLING_SHIFTS: readonly number[] = [0, -1, 1];

/** `uniformFrameIndices` moved by `shift` frames, held inside the clip. */
export function shiftedFrameIndices(frameCount: number, count: number, shift: number): number[] {
  return uniformFrameIndices(frameCount, count).map((i) => Math.min(frameCount - 1, Math.max(0, i + shift)));
}

/**
 * Everything but the pixels: sample T frames (moved by `shift` frames: SAMPLING_SHIFTS), find the
 * crop boxes, normalise pose and splash.
 */
export function buildModelInputs(clip: ClipPoses, frames: number, options: CropOptions = DEFAULT_CROP_OPTIONS, shift = 0): ModelInputs {
  const frameIndices = shiftedFrameIndices(clip.joints.length, frames, shift);
  const sampled = frameIndices.map((i) => clip.joints[i] as Float32Array);
  const boxes = cropBoxesFromPoses(sampled, clip.width, clip.height, options);
  const poses = normalisePoseToCrops(sampled, boxes);
  const splash = Float32Array.from(frameIndices, (i) => clip.splashArea?.[i] ?? 0);
  return { frameIndices, boxes, poses, splash };
}

/**
 * The splash as the model reads it, per original frame: none where the clip cut away at the entry,
 * the measurement failed or doubts itself (a short window, a background it never saw: the checklist
 * does not count those either; since 2026-12-07). A view that ends before the splash settles gives the part it saw: the
 * checklist does not count it, but the model, which reads a missing splash as no splash at all,
 * scored those clips further from the panel on none (40 test dives cut to an underwater view:
 * shown-score MAE 8.33 on none, 7.98 on the part; cut to a second camera: 7.75 and 7.58).
 */
export function modelSplashPerFrame(splash: { trace: readonly number[]; entryIndex: number; reason: string | null } | null, frameCount: number): Float32Array {
  return splash && (!splash.reason || splash.reason === VIEW_ENDS_BEFORE_SPLASH) ? splashAreasPerFrame(splash.trace, splash.entryIndex, frameCount) : new Float32Array(frameCount);
}

/**
 * The app's entry point: model inputs from the pose stage's sequence and, when the pack takes one,
 * the splash measurement (`SplashMeasurement.trace` and the entry index it starts at).
 */
export function inputsFromPoseSequence(sequence: PoseSequence, frames: number, splash?: { trace: readonly number[]; entryIndex: number }): ModelInputs {
  const frameCount = sequence.frames.length;
  return buildModelInputs(
    {
      joints: sequence.frames.map((f) => f.joints),
      width: sequence.width,
      height: sequence.height,
      splashArea: splash ? splashAreasPerFrame(splash.trace, splash.entryIndex, frameCount) : undefined,
    },
    frames,
  );
}
