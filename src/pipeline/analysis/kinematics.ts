/**
 * Kinematics for the coach view: joint angles per frame, their series over a clip, and the few
 * figures judges talk about (tightness of the tuck or pike, entry angle, knee bend at entry,
 * apparent take-off height). Framework-free, no DOM.
 *
 * Conventions. Joints are MPII-16 (src/pipeline/pose/skeleton.ts), x, y with y pointing DOWN.
 * Angles are in degrees. A joint angle (knee: hip-knee-ankle, hip: shoulder-hip-knee, elbow:
 * shoulder-elbow-wrist) is 180 for a straight limb. The trunk angle is the angle between the
 * pelvis → thorax vector and straight up in the image: 0 upright, 180 inverted.
 *
 * Two sources. `kinematicsSeries` reads a clip's poses in frame pixels with confidences (and the
 * repaired flags where known). `kinematicsSeriesFromBank` reads a model pack exemplar's poses,
 * int16 [T, 16, 2] crop-normalised × 1000, whose crop follows the diver from sample to sample:
 * angles are preserved (the crop is square) but positions are not comparable between samples, so
 * figures that need positions over time (take-off height) are not measurable there. Bank poses
 * have no confidence: a joint counts as present (confidence 1) unless it is exactly (0, 0), which
 * is how the model input stores a joint the pose stage did not find (src/pipeline/aqa/inputs.ts).
 */
import { slowMotionFactor, type AnalysedTimeScale } from '../aqa/replays.ts';
import { CLEARANCE_LIMIT } from '../aqa/takeOff.ts';
import type { TakeOffGeometry } from '../aqa/takeOff.ts';
import type { FrameTransitions } from '../aqa/stages.ts';
import { DEFAULT_POSE_STAGE_CONFIG } from '../pose/poseStage.ts';
import { J, JOINT_COUNT, JOINT_STRIDE } from '../pose/skeleton.ts';
import { median } from '../math/stats.ts';
import { vertexAngle } from '../math/geometry.ts';
import { frameNumber } from '../video/frameTiming.ts';

/** Joints below this confidence count as missing (the pose stage's own threshold). */
export const DEFAULT_MIN_CONFIDENCE = DEFAULT_POSE_STAGE_CONFIG.minJointConfidence;

export const ANGLE_KEYS = ['leftKnee', 'rightKnee', 'leftHip', 'rightHip', 'leftElbow', 'rightElbow', 'trunk'] as const;
export type AngleKey = (typeof ANGLE_KEYS)[number];

/** What the chart offers: the combined knee, hip and elbow angles, and the trunk angle. */
export const ANGLE_FAMILIES = ['knee', 'hip', 'elbow', 'trunk'] as const;
export type AngleFamily = (typeof ANGLE_FAMILIES)[number];

/** The joints each angle is measured from, the vertex in the middle (trunk: pelvis → thorax). */
export const ANGLE_JOINTS: Readonly<Record<AngleKey, readonly number[]>> = {
  leftKnee: [J.l_hip, J.l_knee, J.l_ankle],
  rightKnee: [J.r_hip, J.r_knee, J.r_ankle],
  leftHip: [J.l_shoulder, J.l_hip, J.l_knee],
  rightHip: [J.r_shoulder, J.r_hip, J.r_knee],
  leftElbow: [J.l_shoulder, J.l_elbow, J.l_wrist],
  rightElbow: [J.r_shoulder, J.r_elbow, J.r_wrist],
  trunk: [J.pelvis, J.thorax],
};

const FAMILY_SIDES: Record<Exclude<AngleFamily, 'trunk'>, readonly [AngleKey, AngleKey]> = {
  knee: ['leftKnee', 'rightKnee'],
  hip: ['leftHip', 'rightHip'],
  elbow: ['leftElbow', 'rightElbow'],
};

const DEG = 180 / Math.PI;

// ---------------------------------------------------------------------------------------------
// One frame

export interface FrameAngles {
  /** Degrees; NaN where a needed joint is below the confidence threshold. */
  angles: Record<AngleKey, number>;
  /** Per angle: the lowest confidence of the joints it uses. */
  confidence: Record<AngleKey, number>;
}

function conf(joints: ArrayLike<number>, offset: number, j: number): number {
  const at = offset + j * JOINT_STRIDE;
  const x = joints[at] ?? Number.NaN, y = joints[at + 1] ?? Number.NaN, c = joints[at + 2] ?? 0;
  return Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(c) ? c : 0;
}


/** Angle between (dx, dy) and straight up in the image (0, −1), degrees 0–180. */
function fromUp(dx: number, dy: number): number {
  const n = Math.hypot(dx, dy);
  if (!(n > 0)) return Number.NaN;
  return Math.acos(Math.min(1, Math.max(-1, -dy / n))) * DEG;
}

/**
 * Joint angles of one frame: `joints` holds 16 × 3 values (x, y, confidence) from `offset`.
 */
export function frameAngles(joints: ArrayLike<number>, minConfidence: number = DEFAULT_MIN_CONFIDENCE, offset = 0): FrameAngles {
  const angles = {} as Record<AngleKey, number>;
  const confidence = {} as Record<AngleKey, number>;
  const x = (j: number) => joints[offset + j * JOINT_STRIDE] ?? Number.NaN;
  const y = (j: number) => joints[offset + j * JOINT_STRIDE + 1] ?? Number.NaN;
  for (const key of ANGLE_KEYS) {
    const used = ANGLE_JOINTS[key];
    const c = Math.min(...used.map((j) => conf(joints, offset, j)));
    confidence[key] = c;
    if (!(c >= minConfidence)) {
      angles[key] = Number.NaN;
      continue;
    }
    const [a = 0, b = 0, d = 0] = used;
    angles[key] = key === 'trunk' ? fromUp(x(b) - x(a), y(b) - y(a)) : vertexAngle(x(a), y(a), x(b), y(b), x(d), y(d));
  }
  return { angles, confidence };
}

// ---------------------------------------------------------------------------------------------
// A clip

export interface KinematicsSeries {
  /** Samples: frames of a clip, or model frames of a bank exemplar. */
  length: number;
  /** 'frame': positions in frame pixels; 'crop': per-sample crop coordinates (bank poses). */
  space: 'frame' | 'crop';
  /** Seconds from the start of the clip, per sample. */
  times: Float64Array;
  /** Degrees per sample, NaN where not measurable. */
  angles: Record<AngleKey, Float32Array>;
  /** Per sample: the lowest confidence of the joints each angle uses. */
  confidence: Record<AngleKey, Float32Array>;
  /** Mean of left and right where both are measurable, else the one that is (NaN if neither). */
  knee: Float32Array;
  hip: Float32Array;
  elbow: Float32Array;
  /**
   * 1 where the body is measured well enough to trust: pelvis, thorax and one whole side
   * (shoulder, hip, knee, ankle) above the threshold, and at most half of those joints interpolated.
   */
  reliable: Uint8Array;
  /** length × 16 × 3, the input joints (bank: crop units × 1000, confidence 0 or 1). */
  joints: Float32Array;
  /** length × 16, 1 where the joint was interpolated (all 0 for bank poses). */
  repaired: Uint8Array;
  minConfidence: number;
}

export interface KinematicsOptions {
  /** Joints below this confidence count as missing; default: the pose stage's threshold. */
  minConfidence?: number;
}

/** Frame-pixel poses: a PackedPoseSequence or a saved PoseRecord both fit. */
export interface PixelPoses {
  fps: number;
  frameCount: number;
  /** frameCount × 16 × 3: x, y (pixels), confidence. */
  joints: ArrayLike<number>;
  /** frameCount × 16: 1 where the joint was interpolated. */
  repaired?: ArrayLike<number> | null;
}

/** When the bank's samples were taken: each sample's time, or the time of the last sample. */
export type BankTiming = { times: ArrayLike<number> } | { durationSeconds: number };

const PER_FRAME = JOINT_COUNT * JOINT_STRIDE;
const SIDES = [
  [J.l_shoulder, J.l_hip, J.l_knee, J.l_ankle],
  [J.r_shoulder, J.r_hip, J.r_knee, J.r_ankle],
] as const;

function combine(left: number, right: number): number {
  const l = Number.isFinite(left), r = Number.isFinite(right);
  if (l && r) return (left + right) / 2;
  if (l) return left;
  if (r) return right;
  return Number.NaN;
}

function buildSeries(joints: Float32Array, repaired: Uint8Array, times: Float64Array, space: KinematicsSeries['space'], minConfidence: number): KinematicsSeries {
  const n = times.length;
  const make = () => Object.fromEntries(ANGLE_KEYS.map((k) => [k, new Float32Array(n)])) as Record<AngleKey, Float32Array>;
  const angles = make(), confidence = make();
  const knee = new Float32Array(n), hip = new Float32Array(n), elbow = new Float32Array(n);
  const reliable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const offset = i * PER_FRAME;
    const f = frameAngles(joints, minConfidence, offset);
    for (const k of ANGLE_KEYS) {
      angles[k][i] = f.angles[k];
      confidence[k][i] = f.confidence[k];
    }
    knee[i] = combine(f.angles.leftKnee, f.angles.rightKnee);
    hip[i] = combine(f.angles.leftHip, f.angles.rightHip);
    elbow[i] = combine(f.angles.leftElbow, f.angles.rightElbow);
    const ok = (j: number) => conf(joints, offset, j) >= minConfidence;
    const core: number[] = [J.pelvis, J.thorax];
    let sideOk = false;
    for (const side of SIDES) {
      if (side.every(ok)) {
        sideOk = true;
        core.push(...side);
      }
    }
    const interpolated = core.filter((j) => repaired[i * JOINT_COUNT + j] === 1).length;
    reliable[i] = ok(J.pelvis) && ok(J.thorax) && sideOk && interpolated * 2 <= core.length ? 1 : 0;
  }
  return { length: n, space, times, angles, confidence, knee, hip, elbow, reliable, joints, repaired, minConfidence };
}

/** Angles over a clip from its poses in frame pixels (times = frame / fps). */
export function kinematicsSeries(poses: PixelPoses, options: KinematicsOptions = {}): KinematicsSeries {
  const n = poses.frameCount;
  if (!Number.isInteger(n) || n < 0) throw new Error(`frameCount must be a non-negative integer, got ${n}`);
  if (poses.joints.length < n * PER_FRAME) throw new Error(`${n} frames need ${n * PER_FRAME} joint values, got ${poses.joints.length}`);
  if (!(poses.fps > 0)) throw new Error(`fps must be positive, got ${poses.fps}`);
  const joints = Float32Array.from({ length: n * PER_FRAME }, (_, k) => poses.joints[k] ?? Number.NaN);
  const repaired = new Uint8Array(n * JOINT_COUNT);
  if (poses.repaired) for (let k = 0; k < repaired.length; k++) repaired[k] = poses.repaired[k] === 1 ? 1 : 0;
  const times = Float64Array.from({ length: n }, (_, i) => i / poses.fps);
  return buildSeries(joints, repaired, times, 'frame', options.minConfidence ?? DEFAULT_MIN_CONFIDENCE);
}

/**
 * The analysed dive's series at real time: a clip that is slow motion throughout (its slowdown read
 * from the diver's fall, src/pipeline/aqa/replays.ts) has its times divided by that factor, as the
 * checklist reads it, so "seconds" on the chart are the dive's. `slower` is 1 for a clip at real time.
 */
export function kinematicsSeriesOfAnalysis(poses: PixelPoses, time: AnalysedTimeScale | null): { series: KinematicsSeries; slower: number } {
  const slower = time ? slowMotionFactor(time) : 1;
  return { series: kinematicsSeries(slower === 1 ? poses : { ...poses, fps: poses.fps * slower }), slower };
}

/**
 * Angles over a bank exemplar from its int16 [T, 16, 2] poses (crop-normalised × 1000). Timing:
 * each sample's time in seconds, or `durationSeconds`, the time of the last sample (samples spread
 * uniformly from 0, first and last frame of the clip included, as the model samples them).
 */
export function kinematicsSeriesFromBank(poses: ArrayLike<number>, timing: BankTiming, options: KinematicsOptions = {}): KinematicsSeries {
  const per = JOINT_COUNT * 2;
  if (poses.length % per !== 0) throw new Error(`bank poses must hold T × 16 × 2 values, got ${poses.length}`);
  const n = poses.length / per;
  let times: Float64Array;
  if ('times' in timing) {
    if (timing.times.length !== n) throw new Error(`${n} pose samples but ${timing.times.length} times`);
    times = Float64Array.from({ length: n }, (_, i) => timing.times[i] ?? Number.NaN);
  } else {
    const d = timing.durationSeconds;
    times = Float64Array.from({ length: n }, (_, i) => (n > 1 ? (i * d) / (n - 1) : 0));
  }
  const joints = new Float32Array(n * PER_FRAME);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < JOINT_COUNT; j++) {
      const x = poses[(i * JOINT_COUNT + j) * 2] ?? 0, y = poses[(i * JOINT_COUNT + j) * 2 + 1] ?? 0;
      const at = i * PER_FRAME + j * JOINT_STRIDE;
      joints[at] = x;
      joints[at + 1] = y;
      joints[at + 2] = x === 0 && y === 0 ? 0 : 1;
    }
  }
  return buildSeries(joints, new Uint8Array(n * JOINT_COUNT), times, 'crop', options.minConfidence ?? DEFAULT_MIN_CONFIDENCE);
}

/** The series the chart plots for an angle family. */
export function familySeries(series: KinematicsSeries, family: AngleFamily): Float32Array {
  return family === 'trunk' ? series.angles.trunk : series[family];
}

// ---------------------------------------------------------------------------------------------
// Figures

export type FigureKey = 'flight-min-hip' | 'flight-min-knee' | 'entry-angle' | 'entry-knee-bend' | 'take-off-height' | 'board-clearance';
export type FigureUnit = '°' | 'body lengths' | 'm';

export interface KinematicsFigure {
  key: FigureKey;
  label: string;
  value: number | null;
  unit: FigureUnit;
  /** The sample the figure was read at (frame of a clip, model frame of an exemplar). */
  frame: number | null;
  reliable: boolean;
  /** Why it is unreliable or not measurable, or what it assumes. */
  note: string | null;
}

export interface FigureOptions {
  /** How many samples before entry start the entry figures may look back for a reliable one. */
  entryLookBack?: number;
  /** Samples either side of a figure's frame checked for interpolated joints. */
  repairWindow?: number;
  /**
   * The take-off geometry measured with the camera's motion undone (src/pipeline/aqa/takeOff.ts, from
   * the scoring worker's camera path): replaces the apparent height and adds the board clearance.
   */
  takeOff?: TakeOffGeometry | null;
}

export const MEASURED_HEIGHT_NOTE = "the centre of mass's rise, camera pan and zoom undone, metres from the fall's curvature (gravity)";
export const CLEARANCE_NOTE = 'closest any joint came past the board\'s edge while passing its level, camera motion undone';

export const APPARENT_HEIGHT_NOTE = 'apparent: assumes the camera does not follow the diver vertically';

interface Point {
  x: number;
  y: number;
}

export function jointPoint(s: KinematicsSeries, i: number, j: number): Point | null {
  const at = i * PER_FRAME + j * JOINT_STRIDE;
  if (!(conf(s.joints, i * PER_FRAME, j) >= s.minConfidence)) return null;
  return { x: s.joints[at] ?? 0, y: s.joints[at + 1] ?? 0 };
}

export function midpoint(s: KinematicsSeries, i: number, a: number, b: number): Point | null {
  const p = jointPoint(s, i, a), q = jointPoint(s, i, b);
  if (p && q) return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
  return p ?? q;
}

/** Fraction of (sample, joint) pairs in [i − w, i + w] that were interpolated. */
export function repairedFraction(s: KinematicsSeries, i: number, joints: readonly number[], w: number): number {
  let total = 0, repaired = 0;
  for (let k = Math.max(0, i - w); k <= Math.min(s.length - 1, i + w); k++) {
    for (const j of joints) {
      total++;
      if (s.repaired[k * JOINT_COUNT + j] === 1) repaired++;
    }
  }
  return total > 0 ? repaired / total : 0;
}

/** The joints behind a combined (left/right) angle at sample i: those of the sides measured. */
function familyJoints(s: KinematicsSeries, family: Exclude<AngleFamily, 'trunk'>, i: number): number[] {
  return FAMILY_SIDES[family].flatMap((k) => (Number.isFinite(s.angles[k][i] ?? Number.NaN) ? [...ANGLE_JOINTS[k]] : []));
}

const FAMILY_WORDS: Record<Exclude<AngleFamily, 'trunk'>, string> = { knee: 'knees', hip: 'hips', elbow: 'elbows' };

/** Angles closer than this count as equal when looking for a minimum. */
const TIE_DEGREES = 0.01;

function minimumInFlight(s: KinematicsSeries, family: 'hip' | 'knee', first: number, last: number, w: number, key: FigureKey, label: string): KinematicsFigure {
  const figure: KinematicsFigure = { key, label, value: null, unit: '°', frame: null, reliable: false, note: null };
  const words = FAMILY_WORDS[family];
  const flightCount = last - first + 1;
  if (flightCount <= 0) return { ...figure, note: 'not measurable: no flight frames' };
  const values = s[family];
  let best = -1, measured = 0;
  for (let i = first; i <= last; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    measured++;
    // Ties (a held position) go to the earliest sample.
    if (best < 0 || v < (values[best] ?? Infinity) - TIE_DEGREES) best = i;
  }
  if (best < 0) return { ...figure, note: `not measurable: ${words} below the confidence threshold in every flight frame` };
  const frame = best;
  const notes: string[] = [];
  if (repairedFraction(s, frame, familyJoints(s, family, frame), w) > 0.5) notes.push(`${words} mostly interpolated around frame ${frameNumber(frame)}`);
  if (measured * 2 < flightCount) notes.push(`${words} measurable in only ${measured} of ${flightCount} flight frames`);
  return { ...figure, value: values[frame] ?? null, frame, reliable: notes.length === 0, note: notes.length ? notes.join('; ') : null };
}

const BODY_LINE_JOINTS = [J.l_ankle, J.r_ankle, J.l_shoulder, J.r_shoulder] as const;

function bodyLineJoints(s: KinematicsSeries, i: number): number[] {
  return BODY_LINE_JOINTS.filter((j) => jointPoint(s, i, j) !== null);
}

/** Deviation of the ankles-mid → shoulders-mid line from vertical (either way up), degrees 0–90. */
function bodyLineFromVertical(s: KinematicsSeries, i: number): number {
  const ankles = midpoint(s, i, J.l_ankle, J.r_ankle), shoulders = midpoint(s, i, J.l_shoulder, J.r_shoulder);
  if (!ankles || !shoulders) return Number.NaN;
  const a = fromUp(shoulders.x - ankles.x, shoulders.y - ankles.y);
  return Math.min(a, 180 - a);
}

/** Pelvis position; the hips' midpoint when the pelvis joint is missing. */
export function pelvisPoint(s: KinematicsSeries, i: number): Point | null {
  const p = jointPoint(s, i, J.pelvis);
  if (p) return p;
  const l = jointPoint(s, i, J.l_hip), r = jointPoint(s, i, J.r_hip);
  return l && r ? { x: (l.x + r.x) / 2, y: (l.y + r.y) / 2 } : null;
}

/**
 * Body length: the median head_top → ankles-midpoint distance over reliable samples, taken over
 * the samples where the body is extended (knees and hips ≥ 150°) when there are at least 3 of them
 * (a tucked body is shorter), else over all reliable samples.
 */
export function bodyLength(s: KinematicsSeries): { length: number; samples: number } {
  const extended: number[] = [], all: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.reliable[i] !== 1) continue;
    const head = jointPoint(s, i, J.head_top), ankles = midpoint(s, i, J.l_ankle, J.r_ankle);
    if (!head || !ankles) continue;
    const d = Math.hypot(head.x - ankles.x, head.y - ankles.y);
    all.push(d);
    if ((s.knee[i] ?? 0) >= 150 && (s.hip[i] ?? 0) >= 150) extended.push(d);
  }
  const used = extended.length >= 3 ? extended : all;
  return { length: median(used), samples: used.length };
}

function takeOffHeight(s: KinematicsSeries, takeOffEnd: number, first: number, last: number, lookBack: number, w: number): KinematicsFigure {
  const figure: KinematicsFigure = { key: 'take-off-height', label: 'Take-off height', value: null, unit: 'body lengths', frame: null, reliable: false, note: null };
  const notMeasurable = (why: string): KinematicsFigure => ({ ...figure, note: `not measurable: ${why}; ${APPARENT_HEIGHT_NOTE}` });
  if (s.space !== 'frame') return notMeasurable('exemplar poses are cropped around the diver, so their height is lost');
  if (last < first) return notMeasurable('no flight frames');
  let start = -1;
  for (let i = takeOffEnd; i >= Math.max(0, takeOffEnd - lookBack); i--) {
    if (pelvisPoint(s, i)) { start = i; break; }
  }
  if (start < 0) return notMeasurable('pelvis not visible at the end of take-off');
  let peak = -1, peakY = Infinity;
  for (let i = first; i <= last; i++) {
    const p = pelvisPoint(s, i);
    if (p && p.y < peakY) { peak = i; peakY = p.y; }
  }
  if (peak < 0) return notMeasurable('pelvis not visible in flight');
  const body = bodyLength(s);
  if (!(body.length > 0)) return notMeasurable('no frame shows the whole body to measure a body length');
  const startY = pelvisPoint(s, start)?.y ?? Number.NaN;
  const rise = (startY - peakY) / body.length;
  const pelvisJoints = [J.pelvis, J.l_hip, J.r_hip];
  const notes: string[] = [];
  if (repairedFraction(s, start, pelvisJoints, w) > 0.5) notes.push(`pelvis mostly interpolated around frame ${frameNumber(start)}`);
  if (repairedFraction(s, peak, pelvisJoints, w) > 0.5) notes.push(`pelvis mostly interpolated around frame ${frameNumber(peak)}`);
  if (body.samples < 3) notes.push(`body length from only ${body.samples} frame${body.samples === 1 ? '' : 's'}`);
  if (rise <= 0) notes.push('no apparent rise');
  return {
    ...figure,
    value: Math.max(0, rise),
    frame: peak,
    reliable: notes.filter((n) => n !== 'no apparent rise').length === 0,
    note: [...notes, APPARENT_HEIGHT_NOTE].join('; '),
  };
}

/**
 * The figures judges talk about, read from a series and its stage transitions (in the series'
 * own samples: frames of a clip, model frames of an exemplar).
 *   flight-min-hip, flight-min-knee: tightness of the tuck or pike, the smallest combined angle
 *     in flight (takeOffEnd + 1 … entryStart − 1), the earliest of equal ones; unreliable when
 *     its joints are mostly interpolated around it or measurable in under half the flight.
 *   entry-angle: the ankles → shoulders line against vertical at water contact (the entry stage
 *     starts when the diver opens): the median over the last 3 reliable samples of the entry
 *     stage, before the body goes under; else the first reliable sample at or just before entry
 *     start (up to `entryLookBack` samples back).
 *   entry-knee-bend: 180 − the combined knee angle, over the same samples.
 *   take-off-height: the pelvis's apparent rise from the last take-off sample to its highest
 *     point in flight, in body lengths (frame-pixel poses only); with `options.takeOff`, the rise
 *     measured with the camera's motion undone, in metres, and then also
 *   board-clearance: the closest the diver came past the board's edge, in body lengths.
 */
export function kinematicsFigures(series: KinematicsSeries, transitions: FrameTransitions, options: FigureOptions = {}): KinematicsFigure[] {
  const lookBack = options.entryLookBack ?? 3;
  const w = options.repairWindow ?? 2;
  const n = series.length;
  const takeOffEnd = Math.min(Math.max(Math.round(transitions.takeOffEnd), 0), n - 1);
  const first = takeOffEnd + 1, last = Math.min(Math.round(transitions.entryStart), n) - 1;

  const figures: KinematicsFigure[] = [
    minimumInFlight(series, 'hip', first, last, w, 'flight-min-hip', 'Tightest hip angle in flight'),
    minimumInFlight(series, 'knee', first, last, w, 'flight-min-knee', 'Tightest knee angle in flight'),
  ];

  // Entry: the stage starts when the diver opens, before the water. The angle a judge reads is at
  // water contact: taken as the median over the last few samples where the whole body line is seen
  // reliably, in the entry stage, before the diver goes under (single poses in the splash are
  // noisy). Failing that, the first reliable sample going back from entry start; failing that, any
  // sample where the body line can be drawn (then marked unreliable).
  const entryAngle: KinematicsFigure = { key: 'entry-angle', label: 'Entry angle from vertical', value: null, unit: '°', frame: null, reliable: false, note: null };
  const kneeBend: KinematicsFigure = { key: 'entry-knee-bend', label: 'Knee bend at entry', value: null, unit: '°', frame: null, reliable: false, note: null };
  const entry = entryContactFrames(series, transitions, { entryLookBack: lookBack, repairWindow: w });
  const contact = entry.clean ? entry.frames : [];
  const any = entry.clean ? -1 : (entry.frames[0] ?? -1);
  if (contact.length > 0) {
    const frame = contact[contact.length >> 1] as number;
    figures.push({ ...entryAngle, value: median(contact.map((i) => bodyLineFromVertical(series, i))), frame, reliable: true, note: null });
    const knees = contact.map((i) => series.knee[i] ?? Number.NaN).filter(Number.isFinite);
    if (knees.length === 0) figures.push({ ...kneeBend, frame, note: `not measurable: knees below the confidence threshold around frame ${frameNumber(frame)}` });
    else {
      const kneeWhy = repairedFraction(series, frame, familyJoints(series, 'knee', frame), w) > 0.5 ? `knees mostly interpolated around frame ${frameNumber(frame)}` : null;
      figures.push({ ...kneeBend, value: 180 - median(knees), frame, reliable: kneeWhy === null, note: kneeWhy });
    }
  } else if (any < 0) {
    figures.push({ ...entryAngle, note: 'not measurable: ankles or shoulders below the confidence threshold at entry' });
    figures.push({ ...kneeBend, note: 'not measurable: no entry frame to read' });
  } else {
    const frame = any;
    const why = 'no reliable frame near entry start (body joints missing or mostly interpolated)';
    figures.push({ ...entryAngle, value: bodyLineFromVertical(series, frame), frame, reliable: false, note: why });
    const knee = series.knee[frame] ?? Number.NaN;
    if (!Number.isFinite(knee)) figures.push({ ...kneeBend, frame, note: `not measurable: knees below the confidence threshold at frame ${frameNumber(frame)}` });
    else figures.push({ ...kneeBend, value: 180 - knee, frame, reliable: false, note: why });
  }

  const measured = options.takeOff;
  if (measured && series.space === 'frame') {
    figures.push({ key: 'take-off-height', label: 'Take-off height', value: measured.rise, unit: 'm', frame: measured.apexFrame, reliable: true, note: measured.rise <= 0 ? `no rise above the take-off; ${MEASURED_HEIGHT_NOTE}` : MEASURED_HEIGHT_NOTE });
    const never = measured.clearance >= CLEARANCE_LIMIT;
    figures.push({ key: 'board-clearance', label: 'Closest to the board', value: never ? null : measured.clearance, unit: 'body lengths', frame: null, reliable: !never, note: never ? 'not measurable: the diver never passed the board\'s level in view' : CLEARANCE_NOTE });
  } else figures.push(takeOffHeight(series, takeOffEnd, first, last, lookBack, w));
  return figures;
}

/**
 * The samples a judge reads the entry on: the last ENTRY_CONTACT_SAMPLES where the whole body line
 * is seen reliably, in the entry stage, before the diver goes under (single poses in the splash are
 * noisy); failing that, the first reliable sample going back from entry start (up to
 * `entryLookBack`); failing that, the first sample going back where the body line can be drawn
 * (`clean` false). Empty when there is none.
 */
export function entryContactFrames(series: KinematicsSeries, transitions: FrameTransitions, options: Pick<FigureOptions, 'entryLookBack' | 'repairWindow'> = {}): { frames: number[]; clean: boolean } {
  const lookBack = options.entryLookBack ?? 3;
  const w = options.repairWindow ?? 2;
  const n = series.length;
  if (n === 0) return { frames: [], clean: false };
  const entryStart = Math.min(Math.max(Math.round(transitions.entryStart), 0), n - 1);
  const cleanAt = (i: number) => Number.isFinite(bodyLineFromVertical(series, i)) && series.reliable[i] === 1 && repairedFraction(series, i, bodyLineJoints(series, i), w) <= 0.5;
  const contact: number[] = [];
  for (let i = entryStart; i < n; i++) if (cleanAt(i)) contact.push(i);
  if (contact.length > 0) return { frames: contact.slice(-ENTRY_CONTACT_SAMPLES), clean: true };
  let any = -1;
  for (let i = entryStart; i >= Math.max(0, entryStart - lookBack); i--) {
    if (!Number.isFinite(bodyLineFromVertical(series, i))) continue;
    if (any < 0) any = i;
    if (cleanAt(i)) return { frames: [i], clean: true };
  }
  return any < 0 ? { frames: [], clean: false } : { frames: [any], clean: false };
}

/** Samples the entry figures are read over (the last ones with the whole body seen). */
const ENTRY_CONTACT_SAMPLES = 3;

/** "38°", "0.42 body lengths", "not measurable". */
export function formatFigure(figure: KinematicsFigure): string {
  if (figure.value === null || !Number.isFinite(figure.value)) return 'not measurable';
  if (figure.unit === '°') return `${Math.round(figure.value)}°`;
  if (figure.unit === 'm') return `${figure.value.toFixed(2)} m`;
  return `${figure.value.toFixed(2)} body lengths`;
}
