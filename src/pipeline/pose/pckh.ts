/**
 * Pose accuracy against annotations, as the FineDiving-Pose benchmark measures it: PCKh, the
 * fraction of joints within threshold × head size of the truth, with head size the distance
 * head_top–upper_neck of the ground truth. Joint arrays are 16 × 2 (x, y) or 16 × 3 (x, y,
 * confidence / visibility); a predicted joint with confidence 0 or a non-finite position is
 * missing and counts as wrong.
 */
import { J, JOINT_COUNT, MPII_JOINTS } from './skeleton.ts';

type JointArray = ArrayLike<number>;

const ALL_JOINTS: readonly number[] = MPII_JOINTS.map((_, index) => index);

function strideOf(joints: JointArray, what: string): 2 | 3 {
  if (joints.length === JOINT_COUNT * 2) return 2;
  if (joints.length === JOINT_COUNT * 3) return 3;
  throw new RangeError(`${what}: expected ${JOINT_COUNT}×2 or ${JOINT_COUNT}×3 values, got ${joints.length}`);
}

/** The joint's position, or null when missing (non-finite, or confidence ≤ 0 with stride 3). */
function positionOf(joints: JointArray, joint: number, stride: 2 | 3): [number, number] | null {
  const x = joints[joint * stride];
  const y = joints[joint * stride + 1];
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (stride === 3 && !((joints[joint * stride + 2] ?? 0) > 0)) return null;
  return [x, y];
}

/** Ground-truth head size: distance head_top–upper_neck; NaN when either is missing or they coincide. */
export function headSizeOf(truth: JointArray): number {
  const stride = strideOf(truth, 'truth');
  const top = positionOf(truth, J.head_top, stride);
  const neck = positionOf(truth, J.upper_neck, stride);
  if (top === null || neck === null) return Number.NaN;
  const size = Math.hypot(top[0] - neck[0], top[1] - neck[1]);
  return size > 0 ? size : Number.NaN;
}

export interface PckhOptions {
  /** Fraction of the head size; default 0.5 (PCKh@0.5). */
  threshold?: number;
  /** Overrides the head size taken from the truth. */
  headSize?: number;
  /** Joints to score, default all 16 in order. */
  joints?: readonly number[];
}

/**
 * Per joint (in the order of options.joints): within threshold × head size of the truth (≤, as
 * in the MPII evaluation). Missing predictions are wrong. Truth visibility is the caller's
 * business (see PckhAccumulator). Throws RangeError when there is no usable head size.
 */
export function pckh(pred: JointArray, truth: JointArray, options: PckhOptions = {}): { correct: boolean[]; headSize: number } {
  const threshold = options.threshold ?? 0.5;
  const joints = options.joints ?? ALL_JOINTS;
  const headSize = options.headSize ?? headSizeOf(truth);
  if (!(headSize > 0) || !Number.isFinite(headSize)) throw new RangeError('pckh: no head size (head_top or upper_neck missing in the truth)');
  const predStride = strideOf(pred, 'prediction');
  const truthStride = strideOf(truth, 'truth');
  const correct = joints.map((joint) => {
    const p = positionOf(pred, joint, predStride);
    const t = positionOf(truth, joint, truthStride);
    if (p === null || t === null) return false;
    return Math.hypot(p[0] - t[0], p[1] - t[1]) <= threshold * headSize;
  });
  return { correct, headSize };
}

export interface JointError {
  /** Prediction − truth, in head sizes. */
  dx: number;
  dy: number;
  distance: number;
}

/**
 * Per joint (all 16): the error in head sizes, or null where the prediction or the truth is
 * missing. All null when the truth has no head size (statistics then skip the frame).
 */
export function jointErrors(pred: JointArray, truth: JointArray, options: { headSize?: number } = {}): Array<JointError | null> {
  const headSize = options.headSize ?? headSizeOf(truth);
  const predStride = strideOf(pred, 'prediction');
  const truthStride = strideOf(truth, 'truth');
  return ALL_JOINTS.map((joint) => {
    const p = positionOf(pred, joint, predStride);
    const t = positionOf(truth, joint, truthStride);
    if (p === null || t === null || !(headSize > 0) || !Number.isFinite(headSize)) return null;
    const dx = (p[0] - t[0]) / headSize;
    const dy = (p[1] - t[1]) / headSize;
    return { dx, dy, distance: Math.hypot(dx, dy) };
  });
}

/** PCKh over many frames, overall and per joint. */
export class PckhAccumulator {
  private readonly threshold: number;
  private readonly joints: readonly number[];
  private readonly correctCounts: number[];
  private readonly visibleCounts: number[];
  /** Frames scored. */
  frames = 0;
  /** Frames skipped because the truth had no head size. */
  skippedFrames = 0;

  constructor(options: { threshold?: number; joints?: readonly number[] } = {}) {
    this.threshold = options.threshold ?? 0.5;
    this.joints = options.joints ?? ALL_JOINTS;
    this.correctCounts = this.joints.map(() => 0);
    this.visibleCounts = this.joints.map(() => 0);
  }

  /**
   * Scores one frame. visible (16 entries, truthy = annotated) says which truth joints count;
   * without it, a truth joint counts when it has a finite position (and confidence > 0 for
   * 16×3). Returns false, counting nothing, when the truth has no head size.
   */
  add(pred: JointArray, truth: JointArray, visible?: ArrayLike<number | boolean>): boolean {
    const headSize = headSizeOf(truth);
    if (Number.isNaN(headSize)) {
      this.skippedFrames++;
      return false;
    }
    const { correct } = pckh(pred, truth, { threshold: this.threshold, headSize, joints: this.joints });
    const truthStride = strideOf(truth, 'truth');
    this.joints.forEach((joint, i) => {
      const annotated = visible === undefined ? true : Boolean(visible[joint]);
      if (!annotated || positionOf(truth, joint, truthStride) === null) return;
      this.visibleCounts[i] = (this.visibleCounts[i] ?? 0) + 1;
      if (correct[i] === true) this.correctCounts[i] = (this.correctCounts[i] ?? 0) + 1;
    });
    this.frames++;
    return true;
  }

  /** Fraction of all scored joints that were correct; NaN before any. */
  overall(): number {
    const visible = this.visibleCounts.reduce((a, b) => a + b, 0);
    const correct = this.correctCounts.reduce((a, b) => a + b, 0);
    return visible > 0 ? correct / visible : Number.NaN;
  }

  /** Per scored joint, keyed by joint name: fraction correct; NaN for a joint never visible. */
  perJoint(): Record<string, number> {
    const result: Record<string, number> = {};
    this.joints.forEach((joint, i) => {
      const name = MPII_JOINTS[joint];
      const visible = this.visibleCounts[i] ?? 0;
      if (name !== undefined) result[name] = visible > 0 ? (this.correctCounts[i] ?? 0) / visible : Number.NaN;
    });
    return result;
  }
}
