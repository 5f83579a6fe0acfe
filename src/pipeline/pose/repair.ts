/**
 * Filling short gaps in joint tracks by linear interpolation (HP-MCoRe §IV-B, eq. 31), and
 * finding the frames where no diver was found at all.
 */
import { JOINT_COUNT, JOINT_STRIDE } from './skeleton.ts';
import type { PoseFrame } from './types.ts';

export interface RepairOptions {
  /** A joint value below this confidence is missing. */
  minConfidence: number;
  /** Longest run of missing frames that is filled; longer runs stay missing. */
  maxGap: number;
}

/**
 * Confidence of a filled joint = this × the lower confidence of the two ends (but at least
 * minConfidence, see repairMissingJoints). Halved because the joint was not seen: consumers
 * that weight by confidence should trust it less than either measurement it came from.
 */
export const REPAIRED_CONFIDENCE_FACTOR = 0.5;

/** A copy of a frame with its own joints (JOINT_COUNT × 3) and repaired (JOINT_COUNT) arrays. */
export function copyFrame(frame: PoseFrame): PoseFrame {
  const joints = new Float32Array(JOINT_COUNT * JOINT_STRIDE);
  joints.set(frame.joints.subarray(0, joints.length));
  const repaired = new Uint8Array(JOINT_COUNT);
  repaired.set(frame.repaired.subarray(0, repaired.length));
  return { ...frame, box: frame.box === null ? null : { ...frame.box }, joints, repaired };
}

/**
 * True when joint j of the frame is usable: finite position, confidence ≥ minConfidence (> 0),
 * in a detected frame, or filled by repair (an undetected frame's repaired joints count, so that
 * smoothing runs through a filled gap).
 */
export function isJointPresent(frame: PoseFrame, joint: number, minConfidence: number): boolean {
  if (!frame.detected && frame.repaired[joint] !== 1) return false;
  const x = frame.joints[joint * JOINT_STRIDE];
  const y = frame.joints[joint * JOINT_STRIDE + 1];
  const confidence = frame.joints[joint * JOINT_STRIDE + 2];
  if (x === undefined || y === undefined || confidence === undefined) return false;
  return confidence > 0 && confidence >= minConfidence && Number.isFinite(x) && Number.isFinite(y);
}

/**
 * Returns new frames in which, per joint, runs of at most maxGap missing frames with a present
 * value on both sides are filled by linear interpolation between the two ends (eq. 31).
 *
 * Eq. 31 as printed, p_k = p_i (k−i)/(j−i) + p_j (j−k)/(j−i), has the weights swapped (at k = i
 * it gives p_j). The correct linear form, used here, is p_k = p_i (j−k)/(j−i) + p_j (k−i)/(j−i).
 *
 * Filled joints are flagged in `repaired` and get confidence max(minConfidence,
 * REPAIRED_CONFIDENCE_FACTOR × min(c_i, c_j)): lower than the ends, but never below the
 * threshold, so later stages using the same minConfidence keep them. Frames with
 * `detected: false` take part with all their joints missing; `detected`, `box` and `score` are
 * not changed. Gaps at the start or end of the clip, or longer than maxGap, are left as they were.
 */
export function repairMissingJoints(frames: readonly PoseFrame[], options: RepairOptions): PoseFrame[] {
  const { minConfidence, maxGap } = options;
  const output = frames.map(copyFrame);
  for (let joint = 0; joint < JOINT_COUNT; joint++) {
    let lastPresent = -1;
    for (let k = 0; k < frames.length; k++) {
      const frame = frames[k];
      if (frame === undefined || !isJointPresent(frame, joint, minConfidence)) continue;
      const gap = k - lastPresent - 1;
      if (lastPresent >= 0 && gap > 0 && gap <= maxGap) fill(frames, output, joint, lastPresent, k, minConfidence);
      lastPresent = k;
    }
  }
  return output;
}

function fill(
  input: readonly PoseFrame[],
  output: PoseFrame[],
  joint: number,
  i: number,
  j: number,
  minConfidence: number,
): void {
  const start = input[i]?.joints;
  const end = input[j]?.joints;
  if (start === undefined || end === undefined) return;
  const o = joint * JOINT_STRIDE;
  const [xi, yi, ci] = [start[o] ?? 0, start[o + 1] ?? 0, start[o + 2] ?? 0];
  const [xj, yj, cj] = [end[o] ?? 0, end[o + 1] ?? 0, end[o + 2] ?? 0];
  const confidence = Math.max(minConfidence, REPAIRED_CONFIDENCE_FACTOR * Math.min(ci, cj));
  for (let k = i + 1; k < j; k++) {
    const frame = output[k];
    if (frame === undefined) continue;
    const weightI = (j - k) / (j - i);
    const weightJ = (k - i) / (j - i);
    frame.joints[o] = xi * weightI + xj * weightJ;
    frame.joints[o + 1] = yi * weightI + yj * weightJ;
    frame.joints[o + 2] = confidence;
    frame.repaired[joint] = 1;
  }
}

/** Inclusive frame range. */
export interface FrameRun {
  start: number;
  end: number;
}

/** Runs of consecutive frames with `detected: false` (inclusive), e.g. for "no diver in frames 12–18". */
export function detectionGaps(frames: readonly PoseFrame[]): FrameRun[] {
  const gaps: FrameRun[] = [];
  let start = -1;
  frames.forEach((frame, index) => {
    if (!frame.detected) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      gaps.push({ start, end: index - 1 });
      start = -1;
    }
  });
  if (start >= 0) gaps.push({ start, end: frames.length - 1 });
  return gaps;
}
