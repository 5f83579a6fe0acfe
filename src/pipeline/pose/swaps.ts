/**
 * Left/right swap correction over time. Backends often label a side-view diver's left limbs as
 * right for a few frames, especially upside down. Per frame the labelling is either kept or
 * mirrored (every LEFT_RIGHT_PAIRS pair exchanged); the choice minimises the total displacement of
 * the paired joints between consecutive frames (after removing the body's rigid motion) plus a
 * small cost per change of choice, solved exactly by dynamic programming (Viterbi over 2 states
 * per frame).
 */
import { JOINT_COUNT, JOINT_STRIDE, LEFT_RIGHT_PAIRS } from './skeleton.ts';
import { copyFrame, isJointPresent } from './repair.ts';
import { medianBodyScale } from './tracking.ts';
import type { PoseFrame } from './types.ts';

export interface SwapOptions {
  /** Joint values with confidence below this (or 0) are ignored in the cost. */
  minConfidence: number;
  /**
   * Cost of changing between "as is" and "mirrored" from one frame to the next, in body sizes of
   * summed joint displacement. It keeps the labelling steady where left and right overlap (a
   * pure side view), where the displacement cannot tell them apart.
   */
  switchCost: number;
  /** Cost per mirrored frame: a tie (e.g. the whole clip mirrored) keeps the backend's labels. */
  mirroredCost: number;
  /** Body size in pixels; default medianBodyScale of the clip. */
  scale?: number;
}

/**
 * switchCost 0.2, from simulated somersaults (1.5–3 rev/s, noise 2–4% of body size, left–right
 * half-separation 0–8%): limbs a tenth of a body size apart give ~1 body size of evidence per
 * swapped link and are always found; higher values start to miss swaps when left and right are
 * only ~3% apart; lower ones flip labels on noise in a pure side view (harmless to positions,
 * but noisy labels). mirroredCost only breaks ties.
 */
export const DEFAULT_SWAP_OPTIONS: SwapOptions = { minConfidence: 0, switchCost: 0.2, mirroredCost: 0.01 };

/** Exchanges x, y, confidence of every left/right pair, in place. */
function mirrorInPlace(frame: PoseFrame): void {
  for (const [right, left] of LEFT_RIGHT_PAIRS) {
    for (let c = 0; c < JOINT_STRIDE; c++) {
      const r = right * JOINT_STRIDE + c;
      const l = left * JOINT_STRIDE + c;
      const value = frame.joints[r] ?? 0;
      frame.joints[r] = frame.joints[l] ?? 0;
      frame.joints[l] = value;
    }
    const flag = frame.repaired[right] ?? 0;
    frame.repaired[right] = frame.repaired[left] ?? 0;
    frame.repaired[left] = flag;
  }
}

/** A copy of the frame with left and right exchanged. */
export function mirrorFrame(frame: PoseFrame): PoseFrame {
  const copy = copyFrame(frame);
  mirrorInPlace(copy);
  return copy;
}

const PAIRED_JOINTS: readonly number[] = LEFT_RIGHT_PAIRS.flat();
const CENTRE_JOINTS: readonly number[] = Array.from({ length: JOINT_COUNT }, (_, j) => j).filter((j) => !PAIRED_JOINTS.includes(j));

interface Point {
  x: number;
  y: number;
}

function jointAt(frame: PoseFrame, joint: number): Point {
  return { x: frame.joints[joint * JOINT_STRIDE] ?? 0, y: frame.joints[joint * JOINT_STRIDE + 1] ?? 0 };
}

/**
 * Points that do not change when a frame is mirrored: the centre joints, and the midpoint of
 * each pair with both joints present. Matched between two frames, in the same order.
 */
function mirrorInvariantAnchors(a: PoseFrame, b: PoseFrame, minConfidence: number): [Point[], Point[]] {
  const fromA: Point[] = [];
  const fromB: Point[] = [];
  for (const joint of CENTRE_JOINTS) {
    if (isJointPresent(a, joint, minConfidence) && isJointPresent(b, joint, minConfidence)) {
      fromA.push(jointAt(a, joint));
      fromB.push(jointAt(b, joint));
    }
  }
  const bothPresent = (frame: PoseFrame, right: number, left: number): boolean =>
    isJointPresent(frame, right, minConfidence) && isJointPresent(frame, left, minConfidence);
  const midpoint = (frame: PoseFrame, right: number, left: number): Point => {
    const [r, l] = [jointAt(frame, right), jointAt(frame, left)];
    return { x: (r.x + l.x) / 2, y: (r.y + l.y) / 2 };
  };
  for (const [right, left] of LEFT_RIGHT_PAIRS) {
    if (bothPresent(a, right, left) && bothPresent(b, right, left)) {
      fromA.push(midpoint(a, right, left));
      fromB.push(midpoint(b, right, left));
    }
  }
  return [fromA, fromB];
}

/**
 * Least-squares rotation + translation taking frame a's anchors onto frame b's (2D Procrustes).
 * Identity without anchors; translation only with one.
 */
function rigidAlignment(from: Point[], to: Point[]): (point: Point) => Point {
  const count = from.length;
  if (count === 0) return (point) => point;
  const mean = (points: Point[]): Point => ({
    x: points.reduce((sum, p) => sum + p.x, 0) / count,
    y: points.reduce((sum, p) => sum + p.y, 0) / count,
  });
  const [centreFrom, centreTo] = [mean(from), mean(to)];
  let dot = 0;
  let cross = 0;
  from.forEach((p, i) => {
    const q = to[i] ?? p;
    const [px, py, qx, qy] = [p.x - centreFrom.x, p.y - centreFrom.y, q.x - centreTo.x, q.y - centreTo.y];
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
  });
  const angle = count >= 2 ? Math.atan2(cross, dot) : 0;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return (point) => {
    const [x, y] = [point.x - centreFrom.x, point.y - centreFrom.y];
    return { x: centreTo.x + cos * x - sin * y, y: centreTo.y + sin * x + cos * y };
  };
}

/**
 * Summed displacement (pixels) of the paired joints from frame a to frame b, with b's labels as
 * they are and mirrored: [same, crossed]. Frame a is first moved by the rigid motion of the
 * mirror-invariant anchors: otherwise the body's own motion hides swaps, since when a joint moves
 * farther per frame than left and right are apart, along the left–right direction (a horizontal
 * body falling, a fast somersault), both labellings cost the same to first order. A pair counts
 * only when both labellings compare the same number of joints (e.g. a has both, b only the left
 * one); otherwise a missing joint would make one labelling look cheaper for nothing.
 */
function pairedDisplacements(
  a: PoseFrame,
  b: PoseFrame,
  align: (point: Point) => Point,
  minConfidence: number,
): [number, number] {
  let same = 0;
  let crossed = 0;
  for (const [right, left] of LEFT_RIGHT_PAIRS) {
    const distance = (fromA: number, fromB: number): number | null => {
      if (!isJointPresent(a, fromA, minConfidence) || !isJointPresent(b, fromB, minConfidence)) return null;
      const moved = align(jointAt(a, fromA));
      const target = jointAt(b, fromB);
      return Math.hypot(moved.x - target.x, moved.y - target.y);
    };
    const sameTerms = [distance(right, right), distance(left, left)].filter((d): d is number => d !== null);
    const crossedTerms = [distance(right, left), distance(left, right)].filter((d): d is number => d !== null);
    if (sameTerms.length === 0 || sameTerms.length !== crossedTerms.length) continue;
    same += sameTerms.reduce((sum, d) => sum + d, 0);
    crossed += crossedTerms.reduce((sum, d) => sum + d, 0);
  }
  return [same, crossed];
}

/**
 * Returns new frames with the swapped ones mirrored back, and the indices of the frames that
 * were mirrored. Frames with no paired joint present carry no evidence and are left as they
 * are; the chain links each informative frame to the previous informative one, so a detection
 * gap does not break it. Missing joints are ignored in the cost.
 */
export function correctLeftRightSwaps(
  frames: readonly PoseFrame[],
  options: Partial<SwapOptions> = {},
): { frames: PoseFrame[]; swappedFrames: number[] } {
  const minConfidence = options.minConfidence ?? DEFAULT_SWAP_OPTIONS.minConfidence;
  const switchCost = options.switchCost ?? DEFAULT_SWAP_OPTIONS.switchCost;
  const mirroredCost = options.mirroredCost ?? DEFAULT_SWAP_OPTIONS.mirroredCost;
  const measured = options.scale ?? medianBodyScale(frames, minConfidence);
  const scale = Number.isFinite(measured) && measured > 0 ? measured : 1;

  const informative: number[] = [];
  frames.forEach((frame, index) => {
    if (PAIRED_JOINTS.some((joint) => isJointPresent(frame, joint, minConfidence))) informative.push(index);
  });

  // Viterbi: cost[s] = best total cost of the chain so far ending with the current frame in state s
  // (0 as is, 1 mirrored); from[t][s] = state of the previous informative frame on that best path.
  let cost: [number, number] = [0, mirroredCost];
  const from: Array<[number, number]> = [[0, 0]];
  for (let t = 1; t < informative.length; t++) {
    const previous = frames[informative[t - 1] ?? 0];
    const current = frames[informative[t] ?? 0];
    if (previous === undefined || current === undefined) break;
    const align = rigidAlignment(...mirrorInvariantAnchors(previous, current, minConfidence));
    const [samePixels, crossedPixels] = pairedDisplacements(previous, current, align, minConfidence);
    const same = samePixels / scale;
    const crossed = crossedPixels / scale;
    const next: [number, number] = [0, 0];
    const back: [number, number] = [0, 0];
    for (const state of [0, 1] as const) {
      const stay = cost[state] + same;
      const change = cost[state === 0 ? 1 : 0] + crossed + switchCost;
      next[state] = Math.min(stay, change) + (state === 1 ? mirroredCost : 0);
      back[state] = stay <= change ? state : 1 - state;
    }
    cost = next;
    from.push(back);
  }

  const output = frames.map(copyFrame);
  const swappedFrames: number[] = [];
  let state = cost[1] < cost[0] ? 1 : 0;
  for (let t = informative.length - 1; t >= 0; t--) {
    const index = informative[t] ?? 0;
    const frame = output[index];
    if (state === 1 && frame !== undefined) {
      mirrorInPlace(frame);
      swappedFrames.push(index);
    }
    state = from[t]?.[state] ?? 0;
  }
  swappedFrames.reverse();
  return { frames: output, swappedFrames };
}
