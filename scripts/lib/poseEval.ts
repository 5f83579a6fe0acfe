/**
 * Scoring pose sequences against human annotations: PCKh@0.5 overall and per joint, no-diver
 * rate, and the error statistics (per joint, by body orientation) that calibrate the dive
 * simulator's pose-noise model.
 */
import { J, JOINT_COUNT, LEFT_RIGHT_PAIRS, MPII_JOINTS } from '../../src/pipeline/pose/skeleton.ts';
import { PckhAccumulator, jointErrors } from '../../src/pipeline/pose/pckh.ts';

export interface DiveTruth {
  dive: string;
  /** Per frame, 16 × [x, y]. */
  joints: number[][][];
  visible: number[][];
}

export interface DiveOutput {
  dive: string;
  joints: number[];
  detected: number[];
  msPerFrame: number;
  config: string;
}

export type Orientation = 'upright' | 'horizontal' | 'inverted';

export interface ErrorStats {
  /** Head size (head_top–upper_neck) is the unit of every error. */
  unit: 'head size';
  orientations: Record<Orientation, {
    frames: number;
    /** Per joint: mean and standard deviation of the error vector components, and the miss rate. */
    joints: Record<string, { meanError: number; sdX: number; sdY: number; missRate: number }>;
    noDiverRate: number;
    leftRightSwapRate: number;
  }>;
}

export interface EvaluatedRun {
  config: string;
  overall16: number;
  overall12: number;
  perJoint: Record<string, number>;
  perDive: Record<string, number>;
  noDiverRate: number;
  msPerFrame: number;
  errorStats: ErrorStats;
}

const LIMB_JOINTS = MPII_JOINTS.map((_, i) => i).filter((i) => ![J.pelvis, J.thorax, J.upper_neck, J.head_top].includes(i));

/** Torso direction of the ground truth: the angle between pelvis→thorax and "up". */
export function orientationOf(truth: number[][]): Orientation {
  const pelvis = truth[J.pelvis] ?? [0, 0], thorax = truth[J.thorax] ?? [0, 0];
  const dx = (thorax[0] ?? 0) - (pelvis[0] ?? 0), dy = (thorax[1] ?? 0) - (pelvis[1] ?? 0);
  const angle = Math.abs((Math.atan2(dx, -dy) * 180) / Math.PI);
  return angle < 45 ? 'upright' : angle <= 135 ? 'horizontal' : 'inverted';
}

function truthArray(frame: number[][]): Float32Array {
  const out = new Float32Array(JOINT_COUNT * 3);
  frame.forEach(([x, y], j) => {
    out[j * 3] = x ?? Number.NaN;
    out[j * 3 + 1] = y ?? Number.NaN;
    out[j * 3 + 2] = 1;
  });
  return out;
}

function sd(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

/** `minConfidence`: the stage's own threshold; joints below it are what the app hides, so they count as misses. */
export function evaluateDives(outputs: DiveOutput[], truths: DiveTruth[], minConfidence: number): EvaluatedRun {
  const all16 = new PckhAccumulator();
  const all12 = new PckhAccumulator({ joints: LIMB_JOINTS });
  const perDive: Record<string, number> = {};
  let frames = 0, noDiver = 0, msWeighted = 0;
  const byOrientation = new Map<Orientation, { frames: number; noDiver: number; swaps: number; dx: number[][]; dy: number[][]; err: number[][]; miss: number[] }>();

  for (const output of outputs) {
    const truth = truths.find((t) => t.dive === output.dive);
    if (!truth) throw new Error(`no ground truth for dive ${output.dive}`);
    const dive = new PckhAccumulator();
    truth.joints.forEach((frameTruth, i) => {
      const pred = Float32Array.from(output.joints.slice(i * JOINT_COUNT * 3, (i + 1) * JOINT_COUNT * 3));
      // A joint the stage did not find counts as wrong, never as skipped.
      for (let j = 0; j < JOINT_COUNT; j++) if ((pred[j * 3 + 2] ?? 0) < minConfidence) pred[j * 3 + 2] = 0;
      const gt = truthArray(frameTruth);
      const visible = truth.visible[i];
      all16.add(pred, gt, visible);
      all12.add(pred, gt, visible);
      dive.add(pred, gt, visible);
      frames++;
      const detected = output.detected[i] === 1;
      if (!detected) noDiver++;

      const orientation = orientationOf(frameTruth);
      const bucket = byOrientation.get(orientation) ?? { frames: 0, noDiver: 0, swaps: 0, dx: MPII_JOINTS.map(() => []), dy: MPII_JOINTS.map(() => []), err: MPII_JOINTS.map(() => []), miss: MPII_JOINTS.map(() => 0) };
      byOrientation.set(orientation, bucket);
      bucket.frames++;
      if (!detected) bucket.noDiver++;
      const errors = jointErrors(pred, gt);
      for (let j = 0; j < JOINT_COUNT; j++) {
        if ((pred[j * 3 + 2] ?? 0) === 0) {
          bucket.miss[j] = (bucket.miss[j] ?? 0) + 1;
          continue;
        }
        const e = errors[j];
        if (!e) continue;
        bucket.dx[j]?.push(e.dx);
        bucket.dy[j]?.push(e.dy);
        bucket.err[j]?.push(e.distance);
      }
      // Left/right swap: the prediction sits closer to the mirrored truth than to the truth.
      let straight = 0, mirrored = 0;
      for (const [r, l] of LEFT_RIGHT_PAIRS) {
        const d = (a: number, b: number) => Math.hypot((pred[a * 3] ?? 0) - (gt[b * 3] ?? 0), (pred[a * 3 + 1] ?? 0) - (gt[b * 3 + 1] ?? 0));
        if ((pred[r * 3 + 2] ?? 0) > 0 && (pred[l * 3 + 2] ?? 0) > 0) {
          straight += d(r, r) + d(l, l);
          mirrored += d(r, l) + d(l, r);
        }
      }
      if (mirrored < straight * 0.7) bucket.swaps++;
    });
    perDive[output.dive] = dive.overall();
    msWeighted += output.msPerFrame * truth.joints.length;
  }

  const orientations = {} as ErrorStats['orientations'];
  for (const o of ['upright', 'horizontal', 'inverted'] as Orientation[]) {
    const b = byOrientation.get(o);
    const joints: Record<string, { meanError: number; sdX: number; sdY: number; missRate: number }> = {};
    MPII_JOINTS.forEach((name, j) => {
      const err = b?.err[j] ?? [];
      joints[name] = {
        meanError: err.length ? err.reduce((a, c) => a + c, 0) / err.length : 0,
        sdX: sd(b?.dx[j] ?? []),
        sdY: sd(b?.dy[j] ?? []),
        missRate: b && b.frames ? (b.miss[j] ?? 0) / b.frames : 0,
      };
    });
    orientations[o] = { frames: b?.frames ?? 0, joints, noDiverRate: b && b.frames ? b.noDiver / b.frames : 0, leftRightSwapRate: b && b.frames ? b.swaps / b.frames : 0 };
  }

  return {
    config: outputs[0]?.config ?? 'unknown',
    overall16: all16.overall(),
    overall12: all12.overall(),
    perJoint: all16.perJoint(),
    perDive,
    noDiverRate: frames ? noDiver / frames : 0,
    msPerFrame: frames ? msWeighted / frames : 0,
    errorStats: { unit: 'head size', orientations },
  };
}

export function formatTable(runs: EvaluatedRun[]): string {
  const pct = (v: number) => (v * 100).toFixed(1).padStart(5);
  const header = ['config'.padEnd(44), 'PCKh16', 'PCKh12', ...Object.keys(runs[0]?.perDive ?? {}).map((d) => `dive ${d}`.padStart(7)), 'noDiver', 'ms/frame'].join(' ');
  const lines = [header, '-'.repeat(header.length)];
  for (const r of runs) {
    lines.push([r.config.padEnd(44), pct(r.overall16).padStart(6), pct(r.overall12).padStart(6), ...Object.values(r.perDive).map((v) => pct(v).padStart(7)), pct(r.noDiverRate).padStart(7), r.msPerFrame.toFixed(1).padStart(8)].join(' '));
  }
  lines.push('', 'per joint (PCKh@0.5 %):');
  const names = MPII_JOINTS.map((n) => n.padStart(10)).join('');
  lines.push(`${''.padEnd(44)}${names}`);
  for (const r of runs) lines.push(`${r.config.padEnd(44)}${MPII_JOINTS.map((n) => pct(r.perJoint[n] ?? 0).padStart(10)).join('')}`);
  return lines.join('\n');
}
