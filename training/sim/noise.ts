/**
 * What a browser pose backend would report for a simulated dive: the clean joints plus per-joint
 * error, missed joints, frames with no diver found, and left/right swaps — more of all of them when
 * the body is inverted or moving fast (blur). Calibrated on the pose issue's error statistics,
 * measured on real FineDiving frames (models/pose/pose-error-stats.json):
 *
 *   { unit: 'head size', orientations: { upright|horizontal|inverted: { frames,
 *       joints: { <mpii joint>: { meanError, sdX, sdY, missRate } }, noDiverRate, leftRightSwapRate } } }
 *
 * Errors are in head sizes (head_top–upper_neck of the truth). How each number is used:
 *  - sdX, sdY: the spread of a joint's error; the error follows an AR(1) process over frames
 *    (ρ = 0.7: real backends drift rather than jump), scaled by the frame's head size in pixels;
 *  - meanError: what the Gaussian part does not explain is put into outliers — a fraction p of
 *    frames where the joint lands anywhere in the person box — with p chosen so that the mean
 *    error matches;
 *  - missRate: counted over all frames of the bucket, so it includes the frames with no diver; the
 *    per-joint miss rate given a detected diver is (missRate − noDiverRate) / (1 − noDiverRate);
 *  - noDiverRate: frames where nothing is reported (they come in short runs);
 *  - leftRightSwapRate: fraction of frames whose left and right joints are exchanged (runs of ~3).
 * Misses and errors grow with blur (the truth's per-frame motion of the fastest joint, in head
 * sizes) beyond half a head size per frame.
 *
 * Buckets measured on few frames are shrunk toward the defaults: weight frames / (frames + 10) on the
 * file's numbers (a bucket of 10 frames counts half).
 *
 * Without the file the built-in defaults below apply; they reproduce the measured PCKh@0.5 of
 * about 0.72 for MediaPipe lite on cropped airborne FineDiving frames (training/README.md, Pose-estimator noise)
 * and the upright > horizontal > inverted ordering measured on rendered divers (training/README.md, The renderer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOINT_COUNT, LEFT_RIGHT_PAIRS, MPII_JOINTS } from '@divejudge/core';
import type { BodyOrientation, FrameTruth } from './groundTruth.ts';
import type { Random } from './random.ts';

export interface JointErrorStats {
  meanError: number;
  sdX: number;
  sdY: number;
  missRate: number;
}

export interface OrientationErrorStats {
  frames: number;
  joints: Record<string, JointErrorStats>;
  noDiverRate: number;
  leftRightSwapRate: number;
}

export interface PoseErrorStats {
  unit: 'head size';
  orientations: Record<BodyOrientation, OrientationErrorStats>;
}

export const ORIENTATIONS: readonly BodyOrientation[] = ['upright', 'horizontal', 'inverted'];

/** Torso, limb and extremity spreads (head sizes) for upright bodies; scaled up for the other buckets. */
function defaultBucket(scale: number, miss: number, noDiver: number, swap: number): OrientationErrorStats {
  const joints: Record<string, JointErrorStats> = {};
  for (const name of MPII_JOINTS) {
    const torso = ['pelvis', 'thorax', 'upper_neck', 'head_top', 'r_hip', 'l_hip', 'r_shoulder', 'l_shoulder'].includes(name);
    const extremity = ['r_wrist', 'l_wrist', 'r_ankle', 'l_ankle'].includes(name);
    const sd = (torso ? 0.2 : extremity ? 0.36 : 0.28) * scale;
    const jointMiss = extremity ? miss * 1.6 : torso ? miss * 0.6 : miss;
    // Mean distance of a 2D Gaussian is sd·√(π/2); 20 % more for the outliers real backends make.
    joints[name] = { meanError: sd * Math.sqrt(Math.PI / 2) * 1.2, sdX: sd, sdY: sd, missRate: noDiver + (1 - noDiver) * jointMiss };
  }
  return { frames: 0, joints, noDiverRate: noDiver, leftRightSwapRate: swap };
}

/** Built-in statistics used when models/pose/pose-error-stats.json is absent (see the header). */
export const DEFAULT_POSE_ERROR_STATS: PoseErrorStats = {
  unit: 'head size',
  orientations: {
    upright: defaultBucket(1, 0.03, 0.03, 0.03),
    horizontal: defaultBucket(1.3, 0.06, 0.06, 0.05),
    inverted: defaultBucket(1.6, 0.1, 0.1, 0.08),
  },
};

/** Prior weight of the defaults, in frames. */
const SHRINK_FRAMES = 10;

export class PoseErrorStatsError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'PoseErrorStatsError';
  }
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Checks the shape of an error-statistics object. Buckets with no frames, or joints without a usable
 * spread, fall back to the defaults of that bucket (a bucket the benchmark saw no frames of tells nothing).
 */
export function parsePoseErrorStats(raw: unknown, path = 'pose-error-stats'): PoseErrorStats {
  if (typeof raw !== 'object' || raw === null) throw new PoseErrorStatsError(path, 'not an object');
  const obj = raw as { unit?: unknown; orientations?: unknown };
  if (obj.unit !== 'head size') throw new PoseErrorStatsError(path, `unit must be "head size", got ${String(obj.unit)}`);
  if (typeof obj.orientations !== 'object' || obj.orientations === null) throw new PoseErrorStatsError(path, 'orientations missing');
  const orientations = {} as Record<BodyOrientation, OrientationErrorStats>;
  for (const o of ORIENTATIONS) {
    const bucket = (obj.orientations as Record<string, unknown>)[o];
    const fallback = DEFAULT_POSE_ERROR_STATS.orientations[o];
    if (typeof bucket !== 'object' || bucket === null) {
      orientations[o] = fallback;
      continue;
    }
    const b = bucket as { frames?: unknown; joints?: unknown; noDiverRate?: unknown; leftRightSwapRate?: unknown };
    const frames = isNumber(b.frames) ? b.frames : 0;
    if (frames <= 0) {
      orientations[o] = fallback;
      continue;
    }
    const w = frames / (frames + SHRINK_FRAMES);
    const blend = (measured: number, prior: number) => w * measured + (1 - w) * prior;
    const joints: Record<string, JointErrorStats> = {};
    for (const name of MPII_JOINTS) {
      const j = (typeof b.joints === 'object' && b.joints !== null ? (b.joints as Record<string, unknown>)[name] : undefined) as Partial<JointErrorStats> | undefined;
      const d = fallback.joints[name] as JointErrorStats;
      const usable = j !== undefined && isNumber(j.sdX) && isNumber(j.sdY) && isNumber(j.meanError) && isNumber(j.missRate) && j.sdX > 0 && j.sdY > 0;
      joints[name] = usable
        ? { meanError: blend(j.meanError as number, d.meanError), sdX: blend(j.sdX as number, d.sdX), sdY: blend(j.sdY as number, d.sdY), missRate: blend(j.missRate as number, d.missRate) }
        : d;
    }
    orientations[o] = {
      frames,
      joints,
      noDiverRate: isNumber(b.noDiverRate) ? blend(b.noDiverRate, fallback.noDiverRate) : fallback.noDiverRate,
      leftRightSwapRate: isNumber(b.leftRightSwapRate) ? blend(b.leftRightSwapRate, fallback.leftRightSwapRate) : fallback.leftRightSwapRate,
    };
  }
  return { unit: 'head size', orientations };
}

export const DEFAULT_STATS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../models/pose/pose-error-stats.json');

export interface LoadedStats {
  stats: PoseErrorStats;
  source: 'file' | 'defaults';
  path: string;
}

/** The measured statistics when the file exists, else the built-in defaults. */
export function loadPoseErrorStats(path = DEFAULT_STATS_PATH): LoadedStats {
  if (!existsSync(path)) return { stats: DEFAULT_POSE_ERROR_STATS, source: 'defaults', path };
  return { stats: parsePoseErrorStats(JSON.parse(readFileSync(path, 'utf8')) as unknown, path), source: 'file', path };
}

export interface NoisyPoseFrame {
  detected: boolean;
  /** Person score 0–1. */
  score: number;
  /** 16 × (x, y, confidence); a missed joint has confidence 0 and x = y = 0. */
  joints: Float32Array;
  box: [number, number, number, number] | null;
  /** Left and right were exchanged in this frame (truth for swap-repair checks). */
  swapped: boolean;
}

/** Expected distance of a 2D Gaussian error with these spreads (approximation good to ~2 %). */
function gaussianMeanDistance(sdX: number, sdY: number): number {
  const s = Math.sqrt((sdX * sdX + sdY * sdY) / 2);
  return s * Math.sqrt(Math.PI / 2);
}

/** Blur beyond half a head size of motion per frame makes everything worse. */
function blurFactor(motionHeads: number): number {
  return 1 + 0.5 * Math.max(0, motionHeads - 0.5);
}

const SWAP_RUN = 3;
const AR = 0.7;

/** What the noise model reads of a frame's truth (the trainer rebuilds these from the written files to draw fresh noise). */
export type NoiseSourceFrame = Pick<FrameTruth, 'orientation' | 'motionHeads' | 'headSizePx' | 'visible' | 'box' | 'joints'>;

export function noisyPoses(truth: { frames: readonly NoiseSourceFrame[] }, stats: PoseErrorStats, random: Random): NoisyPoseFrame[] {
  const out: NoisyPoseFrame[] = [];
  const errX = new Float64Array(JOINT_COUNT);
  const errY = new Float64Array(JOINT_COUNT);
  for (let j = 0; j < JOINT_COUNT; j++) {
    errX[j] = random.normal();
    errY[j] = random.normal();
  }
  let missingRun = false;
  let swapped = false;
  for (const frame of truth.frames) {
    const bucket = stats.orientations[frame.orientation];
    const blur = blurFactor(frame.motionHeads);
    const head = frame.headSizePx;
    // AR(1) unit errors carry over between frames.
    for (let j = 0; j < JOINT_COUNT; j++) {
      errX[j] = AR * (errX[j] ?? 0) + Math.sqrt(1 - AR * AR) * random.normal();
      errY[j] = AR * (errY[j] ?? 0) + Math.sqrt(1 - AR * AR) * random.normal();
    }
    const visibleCount = frame.visible.reduce((a, b) => a + b, 0);
    const noDiver = Math.min(0.95, bucket.noDiverRate * blur);
    missingRun = frame.box === null || visibleCount < 3 ? true : missingRun ? random.chance(0.5) : random.chance(noDiver / (1 + noDiver));
    const joints = new Float32Array(JOINT_COUNT * 3);
    if (missingRun) {
      out.push({ detected: false, score: 0, joints, box: null, swapped: false });
      continue;
    }
    // Swaps come in runs of about SWAP_RUN frames at the bucket's rate.
    const enter = bucket.leftRightSwapRate / (SWAP_RUN * (1 - bucket.leftRightSwapRate) + 1e-9);
    swapped = swapped ? !random.chance(1 / SWAP_RUN) : random.chance(Math.min(0.5, enter * blur));
    const source = frame.joints.map((p) => [p[0], p[1]] as [number, number]);
    if (swapped) {
      for (const [r, l] of LEFT_RIGHT_PAIRS) {
        const a = source[r] as [number, number];
        source[r] = source[l] as [number, number];
        source[l] = a;
      }
    }
    const box = frame.box;
    const side = box === null ? head * 6 : box[2] - box[0];
    let scoreSum = 0, found = 0;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const name = MPII_JOINTS[j] ?? 'pelvis';
      const s = bucket.joints[name] ?? DEFAULT_POSE_ERROR_STATS.orientations[frame.orientation].joints[name] as JointErrorStats;
      const missGivenDiver = Math.max(0, (s.missRate - bucket.noDiverRate) / Math.max(1e-6, 1 - bucket.noDiverRate));
      const underWater = (frame.visible[j] ?? 0) === 0;
      const miss = underWater ? 0.7 : Math.min(0.9, missGivenDiver * blur);
      if (random.chance(miss)) continue;
      // Outliers make up the part of the mean error the Gaussian does not.
      const gauss = gaussianMeanDistance(s.sdX, s.sdY);
      const outlierMean = (0.5 * side) / Math.max(1e-6, head);
      const pOut = underWater ? 0.5 : Math.min(0.4, Math.max(0, (s.meanError - gauss) / Math.max(1e-6, outlierMean - gauss)));
      const [tx, ty] = source[j] ?? [0, 0];
      let x: number, y: number, conf: number;
      if (random.chance(pOut) && box !== null) {
        x = box[0] + random.next() * side;
        y = box[1] + random.next() * side;
        conf = random.uniform(0.1, 0.45);
      } else {
        const scale = head * (1 + 0.3 * (blur - 1));
        const dx = (errX[j] ?? 0) * s.sdX * scale;
        const dy = (errY[j] ?? 0) * s.sdY * scale;
        x = tx + dx;
        y = ty + dy;
        const e = Math.hypot(dx, dy) / Math.max(1e-6, head);
        conf = Math.min(1, Math.max(0.05, 0.92 - 0.45 * e + random.normal(0, 0.05)));
      }
      joints[j * 3] = x;
      joints[j * 3 + 1] = y;
      joints[j * 3 + 2] = conf;
      scoreSum += conf;
      found++;
    }
    if (found < 2) {
      out.push({ detected: false, score: 0, joints: new Float32Array(JOINT_COUNT * 3), box: null, swapped: false });
      continue;
    }
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (let j = 0; j < JOINT_COUNT; j++) {
      if ((joints[j * 3 + 2] ?? 0) <= 0) continue;
      x1 = Math.min(x1, joints[j * 3] ?? 0);
      x2 = Math.max(x2, joints[j * 3] ?? 0);
      y1 = Math.min(y1, joints[j * 3 + 1] ?? 0);
      y2 = Math.max(y2, joints[j * 3 + 1] ?? 0);
    }
    const sideBox = Math.max(x2 - x1, y2 - y1) * 1.15 + head;
    const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    out.push({
      detected: true,
      score: scoreSum / found,
      joints,
      box: [cx - sideBox / 2, cy - sideBox / 2, cx + sideBox / 2, cy + sideBox / 2],
      swapped,
    });
  }
  return out;
}
